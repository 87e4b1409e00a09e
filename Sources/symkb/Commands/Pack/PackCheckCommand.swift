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
        let report = try PackChecks.report(directories, options: options)
        if options.format.isJSON {
            Output.write(PackDocuments.text(PackDocuments.Check(
                packs: report.names, errors: report.errorCount,
                warnings: report.warningCount, diagnostics: report.diagnostics), oneLine: options.format == .jsonl))
            if report.errorCount > 0 { throw ExitCode(ExitStatus.dataError) }
            return
        }
        DiagnosticPrinter().print(report.diagnostics, summary: false)
        let names = report.names.map { TerminalText.escaped($0) }.joined(separator: ", ")
        Output.write("checked \(directories.count) pack\(directories.count == 1 ? "" : "s")"
            + (names.isEmpty ? "" : " (\(names))") + ": "
            + "\(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), "
            + "\(report.warningCount) warning\(report.warningCount == 1 ? "" : "s")\n")
        if report.errorCount > 0 { throw ExitCode(ExitStatus.dataError) }
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

    static func files(_ directories: [String], printer: DiagnosticPrinter = DiagnosticPrinter()) throws -> [PackFiles] {
        // Every folder is read, so one unreadable pack does not hide the problems of the next.
        var files: [PackFiles] = []
        var problems: [PackLoadError] = []
        for directory in directories {
            do throws(PackLoadError) {
                files.append(try PackFiles.read(directory: directory))
            } catch {
                problems.append(error)
            }
        }
        guard problems.isEmpty else {
            printer.print(problems.flatMap(\.diagnostics))
            throw ExitCode(problems.contains { $0.kind == .invalidData } ? ExitStatus.dataError : ExitStatus.noInput)
        }
        return files
    }

    static func report(_ directories: [String], options: PackOptions) throws -> PackChecker.Report {
        withTestProblems(PackChecker.check(try files(directories, printer: DiagnosticPrinter(format: options.format)),
                                           catalog: try catalog(options: options)))
    }

    /// `report` with the tests that cannot pass whatever the packs answer, as errors: a query
    /// that does not parse, a name that names nothing (`pack check` reports them; `pack test`
    /// runs nothing when there are any).
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
