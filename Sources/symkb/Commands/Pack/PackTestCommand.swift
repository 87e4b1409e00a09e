import ArgumentParser
import KnowledgePacks
import SymptomQuery

/// `symkb pack test DIR…`: run the queries of each pack's tests.yaml and check their answers.
struct PackTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the pack tests in tests.yaml; end with 'N passed, N failed'.",
        discussion: """
            The packs are checked first; with errors nothing is run (exit status 65). \
            A failed test is printed as FILE:LINE:COLUMN: error: … and makes the exit status 1.

            Examples:
              symkb pack test packs/my-pack
              symkb pack test Knowledge/multiple-sclerosis --verbose
            """
    )

    @OptionGroup var options: PackOptions

    @Flag(name: .shortAndLong, help: "Print every test, not only failures.")
    var verbose = false

    @Argument(help: ArgumentHelp("Pack folders to test.", valueName: "dir"))
    var directories: [String]

    func validate() throws {
        if directories.isEmpty { throw ValidationError("name at least one pack folder") }
    }

    func run() throws {
        // Check everything first: with errors in the packs, nothing runs. A test that cannot pass
        // whatever the packs answer (a query that does not parse, a name of nothing) is reported
        // as invalid and the others run.
        // A folder that is not there is said, and the others' tests run (exit 66 at the end).
        let (named, unreadable) = PackChecks.readableFiles(directories)
        if unreadable.contains(where: { $0.kind != .missingInput }) || named.isEmpty {
            _ = try PackChecks.files(directories, printer: DiagnosticPrinter(format: options.format))
        }
        let missing = unreadable.flatMap(\.diagnostics)
        if !options.format.isJSON { DiagnosticPrinter().print(missing, summary: false) }
        var catalog = try PackChecks.catalog(options: options)
        let checked = PackChecker.check(named, catalog: catalog)
        let report = PackChecks.withTestProblems(checked)
        let json = options.format.isJSON
        guard checked.knowledge != nil, checked.errorCount == 0 else {
            if json {
                Output.write(PackDocuments.text(PackDocuments.Tests(
                    passed: 0, failed: 0, invalid: 0, tests: [], diagnostics: missing + report.diagnostics), oneLine: options.format == .jsonl))
            } else {
                DiagnosticPrinter().print(report.diagnostics)
            }
            throw ExitCode(ExitStatus.dataError)
        }
        var results: [PackDocuments.TestResult] = []
        var diagnostics: [Diagnostic] = missing
        // Each pack's tests run against that pack and its dependencies only; the packs named here
        // stand in for installed packs with the same id.
        catalog.entries += named.map { PackCatalog.Entry(files: $0, source: .explicit($0.displayRoot)) }
        var passed = 0, failed = 0, invalid = 0
        // The failures and warnings, as text prints them and as JSON lists them (each located).
        for (pack, files) in zip(report.packs, named) {
            if pack.tests.isEmpty {
                let none = Diagnostic.warning(.packTestFailed, "pack '\(pack.id)' has no tests.yaml tests", at: nil)
                diagnostics.append(none)
                if !json { DiagnosticPrinter().print(none) }
            }
            guard let knowledge = PackChecker.check([files], catalog: catalog).knowledge else { continue }
            let runner = PackTestRunner(engine: QueryEngine(graph: knowledge.graph))
            // In the order of tests.yaml: an invalid test is reported where it stands, not run.
            for test in pack.tests {
                let problems = runner.problems(of: test)
                guard problems.isEmpty else {
                    invalid += 1
                    results.append(PackDocuments.TestResult(
                        pack: pack.id, query: test.query, at: test.location, passed: false,
                        failures: problems.map(\.message), invalid: true))
                    let errors = problems.map { problem in
                        Diagnostic.error(.packTestInvalid, "test \(test.query): \(problem.message)", at: problem.location)
                    }
                    diagnostics += errors
                    if !json { for error in errors { DiagnosticPrinter().print(error) } }
                    continue
                }
                let outcome = runner.run(test)
                results.append(PackDocuments.TestResult(
                    pack: pack.id, query: outcome.test.query, at: outcome.test.location,
                    passed: outcome.passed, failures: outcome.failures, invalid: nil))
                let failures = outcome.located.map { failure in
                    Diagnostic.error(.packTestFailed, "test failed: \(outcome.test.query): \(failure.message)", at: failure.location)
                }
                diagnostics += failures
                if outcome.passed { passed += 1 } else { failed += 1 }
                guard !json else { continue }
                if outcome.passed, verbose { Output.write("PASS \(outcome.test.location): \(outcome.test.query)\n") }
                for failure in failures { DiagnosticPrinter().print(failure) }
            }
        }
        if json {
            Output.write(PackDocuments.text(PackDocuments.Tests(
                passed: passed, failed: failed, invalid: invalid, tests: results, diagnostics: diagnostics), oneLine: options.format == .jsonl))
        } else {
            Output.write("\(passed) passed, \(failed) failed" + (invalid > 0 ? ", \(invalid) invalid" : "") + "\n")
        }
        // An invalid test is the pack's mistake (65), before a failing one (1).
        if invalid > 0 { throw ExitCode(ExitStatus.dataError) }
        if failed > 0 { throw ExitCode(ExitStatus.queryFailed) }
        if !missing.isEmpty { throw ExitCode(ExitStatus.noInput) }
    }
}
