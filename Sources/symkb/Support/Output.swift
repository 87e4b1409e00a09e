import ArgumentParser
import Foundation
import KnowledgePacks

/// Writes to standard output and standard error; the only place the executable prints.
///
/// A write that fails (a full disk, a closed pipe) ends the process with a message and status 1:
/// answers that cannot be delivered are a failed query, never a crash.
enum Output {
    static func write(_ text: String) {
        guard !text.isEmpty else { return }
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        } catch {
            Self.error(Diagnostic.error(.fileWriteFailed, "cannot write to standard output: \(describe(error))", at: nil).description)
            exit(ExitStatus.queryFailed)
        }
    }

    static func error(_ text: String) {
        // Nothing sensible is left to do when standard error itself cannot be written.
        try? FileHandle.standardError.write(contentsOf: Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// "No space left on device" rather than "NSCocoaErrorDomain error 512".
    /// "1 assertion", "2 assertions"; `plural` for a noun that does not just take an "s".
    static func counted(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }

    static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let message = strerror(Int32(underlying.code)) {
            return String(cString: message)
        }
        if nsError.domain == NSPOSIXErrorDomain, let message = strerror(Int32(nsError.code)) { return String(cString: message) }
        // Foundation's own file errors, said plainly (not "NSCocoaErrorDomain error 512").
        if nsError.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: nsError.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
            case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
            case .fileWriteOutOfSpace: return "no space left on the device"
            case .fileWriteFileExists: return "it already exists"
            case .fileWriteVolumeReadOnly: return "the file system is read-only"
            case .fileWriteInvalidFileName, .fileReadInvalidFileName: return "the name is not a valid file name"
            default: return "the file system refused it (a part of the path may be a file, not a folder)"
            }
        }
        return nsError.localizedDescription
    }
}

/// Standard input as the process found it.
enum StandardInput {
    /// Whether descriptor 0 was closed when the process started. It is then opened on /dev/null
    /// at once (``checkAtStart()``), so that no file the process opens gets descriptor 0 and is
    /// read as standard input.
    static let wasClosed: Bool = {
        guard fcntl(0, F_GETFD) < 0, errno == EBADF else { return false }
        _ = open("/dev/null", O_RDONLY)  // the lowest free descriptor: 0
        return true
    }()

    /// Checks descriptor 0 before anything is opened (the first thing `main` does).
    static func checkAtStart() { _ = wasClosed }
}

/// Reads all of standard input as a script; when it cannot be read (closed, a folder), says so
/// and exits 66 (`readDataToEndOfFile` would stop the process on a `try!`); text that is not
/// UTF-8 is refused as ``scriptText(_:name:printer:)`` refuses it.
func readStandardInput(printer: DiagnosticPrinter = DiagnosticPrinter()) throws -> String {
    if StandardInput.wasClosed {
        printer.error(.fileUnreadable, "cannot read standard input: it is closed")
        throw ExitCode(ExitStatus.noInput)
    }
    let data: Data
    do {
        data = try FileHandle.standardInput.readToEnd() ?? Data()
    } catch {
        printer.error(.fileUnreadable, "cannot read standard input: \(Output.describe(error))")
        throw ExitCode(ExitStatus.noInput)
    }
    return try scriptText(data, name: "<stdin>", printer: printer)
}

/// A script's bytes as text, read as every text file is (``TextDecoding``): a NUL byte or invalid
/// UTF-8 is reported where it is, and nothing is run (exit 65), whether the script is a file
/// (`symkb run FILE`) or standard input (`symkb < FILE`).
func scriptText(_ data: Data, name: String, printer: DiagnosticPrinter) throws -> String {
    do throws(PackLoadError) {
        return try TextDecoding.decode(data, file: name)
    } catch {
        printer.print(error.diagnostics.map { diagnostic in
            var refused = diagnostic
            refused.message += "; nothing was run"
            return refused
        }, summary: false)
        throw ExitCode(ExitStatus.dataError)
    }
}

/// Terminal detection.
enum Terminal {
    /// Whether a descriptor is a terminal (and `TERM` is not `dumb`).
    static func isInteractive(fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// The width in columns of the terminal on a descriptor (asked each time: a window may be
    /// resized); `nil` when it is no terminal or does not say.
    static func width(fileDescriptor: Int32) -> Int? {
        guard isInteractive(fileDescriptor: fileDescriptor) else { return nil }
        var size = winsize()
        guard ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
