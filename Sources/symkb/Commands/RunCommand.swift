import ArgumentParser
import Foundation

/// `symkb run FILE`: answer every query of a script.
struct RunCommand: ParsableCommand, LoadsPacks, AnswersQueries {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Answer the queries of a script file ('-' reads standard input).",
        discussion: """
            A script has one query per line, or several separated by ';'. Blank lines and lines \
            starting with '#' are skipped; a line ending in '\\' or ',' or with an open bracket \
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
        let printer = DiagnosticPrinter(format: options.format)
        if file == "-" {
            text = try readStandardInput(printer: printer)
            name = "<stdin>"
        } else {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
                printer.error(.fileNotFound, "no such script '\(file)'")
                throw ExitCode(ExitStatus.noInput)
            }
            if isFolder.boolValue {
                printer.error(.fileUnreadable, "'\(file)' is a folder, not a script")
                throw ExitCode(ExitStatus.noInput)
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                printer.error(.fileUnreadable, "cannot read the script '\(file)'")
                throw ExitCode(ExitStatus.noInput)
            }
            text = try scriptText(data, name: file, printer: printer)
            name = file
        }
        var session = try Session(options: options, confirmingLater: true)
        let exitCode = session.runScript(text, file: name)
        session.end(exitCode)
    }
}
