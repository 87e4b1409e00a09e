import Foundation
import SymkbShell

/// Reads a line after a prompt: libedit's ``LineEditor``, or a ``PlainLineReader``.
protocol LineReading: AnyObject {
    /// Reads one line with a prompt.
    func readLine(prompt: String) -> LineEditor.Input
    /// Adds an entry to the history (Up/Down find it), where there is one.
    func remember(_ entry: String)
    /// Completes the text before the cursor, where Tab can be read.
    var complete: (String) -> Completer.Completion { get set }
}

extension LineEditor: LineReading {}

/// The reader for a person at a terminal: libedit's line editing where the terminal can be drawn
/// on, else (`TERM=dumb`, as Emacs's shell mode sets: it edits the line itself and sends it
/// whole; or a line editor that cannot start) lines read as they come, after the same prompt.
func terminalLineReader() -> any LineReading {
    if Terminal.isInteractive(fileDescriptor: 0), let editor = LineEditor(program: "symkb") { return editor }
    return PlainLineReader()
}

/// Lines read from standard input as they come, without editing, history or completion: the
/// prompt is written, then a line read. Ctrl-C abandons the line being typed, as in the editor.
final class PlainLineReader: LineReading {
    /// Bytes read past the last line returned.
    private var buffered: [UInt8] = []
    var complete: (String) -> Completer.Completion = { _ in Completer.Completion(replacing: 0, candidates: []) }

    func remember(_ entry: String) {}

    func readLine(prompt: String) -> LineEditor.Input {
        Output.write(prompt)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let newline = buffered.firstIndex(of: 0x0A) {
                var line = Array(buffered[..<newline])
                buffered.removeSubrange(...newline)
                if line.last == 0x0D { line.removeLast() }
                return .line(String(decoding: line, as: UTF8.self))
            }
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR {
                guard Interrupts.takeInterrupt() else { continue }
                buffered.removeAll()
                return .interrupted
            }
            guard count > 0 else {
                // The end of input (or an error reading it): a last line without its newline first.
                guard !buffered.isEmpty else { return .endOfFile }
                defer { buffered.removeAll() }
                return .line(String(decoding: buffered, as: UTF8.self))
            }
            buffered += chunk[..<count]
        }
    }
}
