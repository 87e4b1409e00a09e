import ArgumentParser
import Foundation

/// `symkb run FILE`: answer every query of a script.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Answer the queries of a script file ('-' reads standard input).",
        discussion: """
            A script has one query per line, or several separated by ';'. Blank lines and lines
            starting with '#' are skipped; a line ending in ',' or with an open quote or bracket
            continues on the next. Errors are reported as FILE:LINE:COLUMN.

            Examples:
              symkb run questions.txt
              symkb run - --format jsonl < questions.txt
              symkb run questions.txt --bail --echo
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("The script to run, or '-' for standard input.", valueName: "file"))
    var file: String

    func run() throws {
        let text: String
        let name: String
        if file == "-" {
            text = try readStandardInput()
            name = "<stdin>"
        } else {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
                DiagnosticPrinter(format: options.format).error(.fileNotFound, "no such file", file: file)
                throw ExitCode(ExitStatus.noInput)
            }
            if isFolder.boolValue {
                DiagnosticPrinter(format: options.format).error(.fileUnreadable, "this is a folder, not a script", file: file)
                throw ExitCode(ExitStatus.noInput)
            }
            guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                DiagnosticPrinter(format: options.format).error(.textEncoding, "cannot read the file as UTF-8 text", file: file)
                throw ExitCode(ExitStatus.dataError)
            }
            text = contents
            name = file
        }
        var session = try Session(options: options, confirmingLater: true)
        let exitCode = session.runScript(text, file: name)
        session.end(exitCode)
    }
}
