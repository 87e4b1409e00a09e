import ArgumentParser
import Foundation
import KnowledgePacks
import SymptomQuery

/// `symkb pack check DIR…`: validate packs and print every finding with its location.
struct PackCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate packs: print every error and warning as FILE:LINE:COLUMN, then a summary.",
        discussion: """
            Dependencies are taken from the packs symkb finds (bundled, user folder, $SYMKB_PACKS, \
            --pack). Exit status 65 when there are errors, 66 when a folder is missing.

            Examples:
              symkb pack check packs/my-pack
              symkb pack check Knowledge/*
            """
    )

    @OptionGroup var options: PackOptions

    @Argument(help: ArgumentHelp("Pack folders to check.", valueName: "dir"))
    var directories: [String]

    func validate() throws {
        if directories.isEmpty { throw ValidationError("name at least one pack folder") }
    }

    func run() throws {
        // A folder that is missing or unreadable is reported, and the others are checked all the
        // same (the summary counts its error); the exit status says which: 65 for a pack's
        // errors, else 66 for a folder that is not there.
        let (files, unreadable) = PackChecks.readableFiles(directories)
        var report = PackChecks.withTestProblems(PackChecker.check(files, catalog: try PackChecks.catalog(options: options)))
        let packErrors = report.errorCount > 0 || unreadable.contains { $0.kind != .missingInput }
        report.diagnostics = unreadable.flatMap(\.diagnostics) + report.diagnostics
        let status: Int32? = packErrors ? ExitStatus.dataError : unreadable.isEmpty ? nil : ExitStatus.noInput
        if options.format.isJSON {
            Output.write(PackDocuments.text(PackDocuments.Check(
                packs: report.names, errors: report.errorCount,
                warnings: report.warningCount, diagnostics: report.diagnostics), oneLine: options.format == .jsonl))
            if let status { throw ExitCode(status) }
            return
        }
        DiagnosticPrinter().print(report.diagnostics, summary: false)
        let names = report.names.map { TerminalText.escaped($0) }.joined(separator: ", ")
        // The packs whose folders were there (a missing one is an error of the run, said above).
        Output.write("checked \(files.count) pack\(files.count == 1 ? "" : "s")"
            + (names.isEmpty ? "" : " (\(names))") + ": "
            + "\(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), "
            + "\(report.warningCount) warning\(report.warningCount == 1 ? "" : "s")\n")
        if let status { throw ExitCode(status) }
    }
}

/// Shared by `pack check` and `pack test`.
enum PackChecks {
    static func catalog(options: PackOptions) throws -> PackCatalog {
        do throws(PackLoadError) {
            return try Session.catalog(options: options)
        } catch {
            DiagnosticPrinter(format: options.format).print(error.diagnostics)
            throw ExitCode(error.kind == .missingInput ? ExitStatus.noInput : ExitStatus.dataError)
        }
    }

    /// The files of the folders that read, and why each other one did not.
    static func readableFiles(_ directories: [String]) -> (files: [PackFiles], problems: [PackLoadError]) {
        var files: [PackFiles] = []
        var problems: [PackLoadError] = []
        for directory in directories {
            do throws(PackLoadError) {
                files.append(try PackFiles.read(directory: directory))
            } catch {
                problems.append(error)
            }
        }
        return (files, problems)
    }

    static func files(_ directories: [String], printer: DiagnosticPrinter = DiagnosticPrinter()) throws -> [PackFiles] {
        // Every folder is read, so one unreadable pack does not hide the problems of the next.
        let (files, problems) = readableFiles(directories)
        guard problems.isEmpty else {
            printer.print(problems.flatMap(\.diagnostics))
            throw ExitCode(problems.contains { $0.kind == .invalidData } ? ExitStatus.dataError : ExitStatus.noInput)
        }
        return files
    }

    /// `report` with the tests that cannot pass whatever the packs answer, as errors: a query
    /// that does not parse, a name that names nothing (`pack check` reports them; `pack test`
    /// reports them too, as invalid, and runs the others).
    static func withTestProblems(_ report: PackChecker.Report) -> PackChecker.Report {
        guard let knowledge = report.knowledge else { return report }
        var report = report
        let runner = PackTestRunner(engine: QueryEngine(graph: knowledge.graph))
        for pack in report.packs {
            for test in pack.tests {
                report.diagnostics += runner.problems(of: test).map { problem in
                    .error(.packTestInvalid, "test \(test.query): \(problem.message)", at: problem.location)
                }
            }
        }
        return report
    }
}
