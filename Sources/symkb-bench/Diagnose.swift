import Foundation
import KnowledgePacks
import SymptomGraph
import SymptomQuery

/// `symkb-bench diagnose [HPO_DIR] [--patients N] [--seed S]`: how often each ranking method puts
/// the true disease first, in the top 3 and the top 10, on patients simulated from the HPO
/// annotations the way Köhler et al. (2009) evaluated the Phenomizer.
///
/// A patient of an OMIM disease with at least three phenotypic annotations (terms under Phenotypic
/// abnormality, HP:0000118, with a frequency above 0):
/// - **drawn**: each annotation is a finding with its frequency as probability (``AnnotationFrequency``;
///   an annotation without a frequency always), at most 5 (a random 5 of those drawn), at least one;
/// - **imprecise + noisy**: then half of the n findings (rounded down) are replaced by a random
///   ancestor under HP:0000118, and n unrelated findings are added (annotated terms of the
///   database that are neither above nor below any annotation of the disease);
/// - **+ 2 excluded**: as above, plus two excluded findings (see ``Source/excluding(_:index:random:)``).
///
/// These settings put Resnik's top-1 and top-10 accuracy on imprecise, noisy patients near the
/// figures the issue measured on its independent patients (~23% and ~50%).
///
/// Ranks count ties pessimistically: the true disease's rank is one plus the number of other
/// diseases scored at least as high.
enum DiagnosisBenchmark {
    /// A deterministic generator (SplitMix64), so a seed gives the same patients everywhere.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    struct Patient {
        var disease: Int
        var findings: [EntityID]
        var excluded: [EntityID]
    }

    enum Scenario: String, CaseIterable {
        case drawn = "drawn by frequency"
        case noisy = "imprecise + noisy"
        case excluded = "imprecise + noisy + 2 excluded"
    }

    /// What the simulation reads from the graph: each disease's phenotypic annotations and frequencies.
    struct Source {
        let graph: KnowledgeGraph
        let tables: AnnotationTables
        let database: AnnotationTables.Database
        let root: Int32
        /// Per disease index: (term, frequency), phenotypic and frequency > 0.
        let annotations: [[(term: Int32, frequency: Double)]]
        /// Every phenotypic term annotated to some disease.
        let pool: [Int32]

        init?(graph: KnowledgeGraph, database name: String) {
            guard let tables = graph.annotationTables, let database = tables.database(named: name),
                  let root = graph.entityID(for: "HP:0000118"), let hasSymptom = graph.step(named: "has_symptom") else { return nil }
            self.graph = graph
            self.tables = tables
            self.database = database
            self.root = Int32(root.position)
            var annotations: [[(term: Int32, frequency: Double)]] = []
            var pool = Set<Int32>()
            for disease in database.diseases {
                var list: [(term: Int32, frequency: Double)] = []
                for edge in graph.assertions(from: EntityID(Int(disease)), relation: hasSymptom.relation) where !graph.isNegated(edge) {
                    let term = Int32(graph[edge].object.position)
                    guard term != Int32(root.position), tables.ancestors(of: Int(term)).contains(Int32(root.position)) else { continue }
                    let frequency = graph.qualifiers(of: edge).frequency.flatMap(AnnotationFrequency.probability) ?? 1
                    guard frequency > 0, !list.contains(where: { $0.term == term }) else { continue }
                    list.append((term, frequency))
                    pool.insert(term)
                }
                annotations.append(list)
            }
            self.annotations = annotations
            self.pool = pool.sorted()
        }

        func isRelated(_ term: Int32, toDisease index: Int) -> Bool {
            let ancestors = tables.ancestors(of: Int(term))
            return annotations[index].contains { annotation in
                ancestors.contains(annotation.term) || tables.ancestors(of: Int(annotation.term)).contains(term)
            }
        }

        /// Two excluded findings for a patient, as a clinician would check them: frequent annotations
        /// (30% or more) of the ten wrong diseases Resnik ranks first, unrelated to the true disease
        /// and to each other.
        func excluding(_ patient: Patient, index: PhenotypeIndex, random: inout Generator) -> Patient {
            let input = RankingInput(findings: patient.findings, database: database.name)
            guard let scores = SimilarityRanking(similarity: .resnik).scores(input, index: index) else { return patient }
            let leading = scores.indices.filter { $0 != patient.disease }.sorted { scores[$0] > scores[$1] }.prefix(10)
            var candidates: [Int32] = []
            for other in leading {
                for annotation in annotations[other] where annotation.frequency >= 0.3 && !candidates.contains(annotation.term)
                && !patient.findings.contains(EntityID(Int(annotation.term))) && !isRelated(annotation.term, toDisease: patient.disease) {
                    candidates.append(annotation.term)
                }
            }
            var result = patient
            while result.excluded.count < 2, let term = candidates.randomElement(using: &random) {
                candidates.removeAll { $0 == term || tables.ancestors(of: Int($0)).contains(term) || tables.ancestors(of: Int(term)).contains($0) }
                result.excluded.append(EntityID(Int(term)))
            }
            return result
        }

        /// One patient per scenario, from the same draw.
        func patients(count: Int, seed: UInt64, index: PhenotypeIndex) -> [Scenario: [Patient]] {
            var random = Generator(state: seed)
            let eligible = annotations.indices.filter { annotations[$0].count >= 3 }
            var result: [Scenario: [Patient]] = [:]
            for _ in 0..<count {
                guard let disease = eligible.randomElement(using: &random) else { break }
                var drawn = annotations[disease].filter { Double.random(in: 0..<1, using: &random) < $0.frequency }
                if drawn.isEmpty, let any = annotations[disease].randomElement(using: &random) { drawn = [any] }
                drawn.shuffle(using: &random)
                let findings = drawn.prefix(5).map(\.term)
                result[.drawn, default: []].append(Patient(disease: disease, findings: findings.map { EntityID(Int($0)) }, excluded: []))

                var noisy = Array(findings)
                for slot in 0..<(noisy.count / 2) {
                    let candidates = tables.ancestors(of: Int(noisy[slot])).filter {
                        $0 != noisy[slot] && $0 != root && tables.ancestors(of: Int($0)).contains(root)
                    }
                    if let ancestor = candidates.randomElement(using: &random) { noisy[slot] = ancestor }
                }
                let noiseCount = findings.count
                var added = 0, attempts = 0
                while added < noiseCount, attempts < 1000 {
                    attempts += 1
                    guard let term = pool.randomElement(using: &random), !noisy.contains(term), !isRelated(term, toDisease: disease) else { continue }
                    noisy.append(term)
                    added += 1
                }
                var unique: [Int32] = []
                for term in noisy where !unique.contains(term) { unique.append(term) }
                let patient = Patient(disease: disease, findings: unique.map { EntityID(Int($0)) }, excluded: [])
                result[.noisy, default: []].append(patient)
                result[.excluded, default: []].append(excluding(patient, index: index, random: &random))
            }
            return result
        }
    }

    /// Top-1, top-3, top-10 (fractions) and mean reciprocal rank.
    struct Accuracy {
        var top1 = 0.0, top3 = 0.0, top10 = 0.0, reciprocal = 0.0
        var count = 0

        mutating func add(rank: Int) {
            count += 1
            if rank <= 1 { top1 += 1 }
            if rank <= 3 { top3 += 1 }
            if rank <= 10 { top10 += 1 }
            reciprocal += 1 / Double(rank)
        }

        var row: String {
            let n = Double(max(count, 1))
            return String(format: "%6.1f%% %6.1f%% %6.1f%%  %.3f", 100 * top1 / n, 100 * top3 / n, 100 * top10 / n, reciprocal / n)
        }
    }

    /// The true disease's rank among `scores`, ties counted against it.
    static func pessimisticRank(of disease: Int, in scores: [Double]) -> Int {
        scores[disease] > -.infinity ? PhenotypeRanker.countAtLeast(scores, as: disease) + 1 : scores.count
    }

    static func run(graph: KnowledgeGraph, hpoFolder: String, patients count: Int, interviewPatients: Int, seed: UInt64, compareWithHpo3: Bool) {
        guard let source = Source(graph: graph, database: "OMIM"), let index = PhenotypeIndex(graph: graph) else {
            Benchmark.fail("the loaded graph has no OMIM annotations under HP:0000118")
        }
        let patients = source.patients(count: count, seed: seed, index: index)
        print("Diagnosis benchmark: \(count) simulated OMIM patients (seed \(seed)), \(source.database.diseases.count) diseases ranked")
        print("method    scenario                          top-1   top-3  top-10   MRR     ms/patient")
        for scenario in Scenario.allCases {
            for method in RankingMethods.all {
                var accuracy = Accuracy()
                let clock = ContinuousClock()
                let start = clock.now
                for patient in patients[scenario] ?? [] {
                    let input = RankingInput(findings: patient.findings, excluded: patient.excluded, database: "OMIM")
                    guard let scores = method.scores(input, index: index) else { continue }
                    accuracy.add(rank: pessimisticRank(of: patient.disease, in: scores))
                }
                let elapsed = clock.now - start
                let milliseconds = (Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
                    / Double(max(accuracy.count, 1))
                print(method.name.padding(toLength: 10, withPad: " ", startingAt: 0)
                      + scenario.rawValue.padding(toLength: 34, withPad: " ", startingAt: 0)
                      + accuracy.row + String(format: "  %8.2f", milliseconds))
            }
        }
        if compareWithHpo3 { hpo3(patients, source: source, hpoFolder: hpoFolder) }
        interviews(source: source, index: index, count: interviewPatients, seed: seed)
    }

    /// hpo3 on the same patients (excluded findings left out: hpo3 has none), through
    /// `scripts/bench/hpo3_diagnose.py` and the Python of `$SYMKB_HPO3_PYTHON` (default
    /// `/tmp/hpo3-venv/bin/python`); skipped with a message when that Python has no hpo3.
    static func hpo3(_ patients: [Scenario: [Patient]], source: Source, hpoFolder: String) {
        let graph = source.graph
        let python = ProcessInfo.processInfo.environment["SYMKB_HPO3_PYTHON"] ?? "/tmp/hpo3-venv/bin/python"
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/bench/hpo3_diagnose.py").standardizedFileURL.path
        guard FileManager.default.isExecutableFile(atPath: python), FileManager.default.fileExists(atPath: script) else {
            print("hpo3: skipped (no \(python); set SYMKB_HPO3_PYTHON to a Python with hpo3 1.5.1)")
            return
        }
        var lines = ""
        // hpo3 takes about 0.25 s per ranking: the drawn and the imprecise, noisy patients only (with
        // excluded findings, hpo3 would rank the same findings again).
        for scenario in [Scenario.drawn, .noisy] {
            for patient in patients[scenario] ?? [] {
                let disease = graph[EntityID(Int(source.database.diseases[patient.disease]))].id
                lines += "\(scenario.rawValue)\t\(disease)\t" + patient.findings.map { graph[$0].id }.joined(separator: ",") + "\n"
            }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("symkb-diagnose-\(getpid()).tsv")
        defer { try? FileManager.default.removeItem(at: file) }
        guard (try? lines.write(to: file, atomically: true, encoding: .utf8)) != nil else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, hpoFolder, file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return print("hpo3: skipped (cannot start \(python))") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return print("hpo3: skipped (the script failed; is hpo3 installed in \(python)?)") }
        var rows: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 7, let t1 = Double(fields[2]), let t3 = Double(fields[3]), let t10 = Double(fields[4]),
                  let mrr = Double(fields[5]) else { continue }
            rows[fields[0] + "|" + fields[1]] = ("hpo3 " + fields[1]).padding(toLength: 13, withPad: " ", startingAt: 0)
                + fields[0].padding(toLength: 31, withPad: " ", startingAt: 0)
                + String(format: "%6.1f%% %6.1f%% %6.1f%%  %.3f", 100 * t1, 100 * t3, 100 * t10, mrr)
        }
        print("hpo3 1.5.1 on the same patients (it has no excluded findings):")
        for scenario in Scenario.allCases {
            for method in ["resnik", "graphic"] { if let row = rows[scenario.rawValue + "|" + method] { print(row) } }
        }
    }
}

/// The interview benchmark: simulated patients answer the questions.
///
/// Each patient has a hidden profile: the annotations of the disease drawn by frequency (all of
/// them, not only the five shown). The interview starts from the patient's imprecise, noisy
/// findings; to a question about q the patient answers yes when q is one of the hidden findings or
/// an ancestor of one, no otherwise. Two strategies ask 10 questions each: the interview's
/// (largest expected information gain) and a baseline (the most frequent unasked annotation of the
/// leading disease). Questions to rank 1 count the patients whose disease does not lead at the
/// start; one not first after 10 questions counts as 11.
extension DiagnosisBenchmark {
    static func interviews(source: Source, index: PhenotypeIndex, count: Int, seed: UInt64) {
        var random = Generator(state: seed ^ 0x5EED)
        let noisy = source.patients(count: count, seed: seed, index: index)[.noisy] ?? []
        print("")
        print("Interview: \(noisy.count) patients (imprecise + noisy start), 10 questions each, answers from a hidden profile")
        print("strategy              questions to rank 1 (median)  top-1 after 5   top-1 after 10   top-10 after 10   ms/step (median, max)")
        for strategy in ["information gain", "baseline"] {
            var questionsToFirst: [Int] = []
            var top1After5 = 0, top1After10 = 0, top10After10 = 0
            var stepTimes: [Double] = []
            for patient in noisy {
                let hidden = source.annotations[patient.disease].filter { Double.random(in: 0..<1, using: &random) < $0.frequency }.map(\.term)
                let disease = EntityID(Int(source.database.diseases[patient.disease]))
                var options = Interview.Options()
                options.questionBudget = 10
                guard var interview = Interview(index: index, options: options, present: patient.findings) else { continue }
                var first = (interview.rank(of: disease) ?? Int.max) == 1 ? 0 : Int.max
                for question in 1...10 {
                    let clock = ContinuousClock()
                    let start = clock.now
                    let asked = strategy == "baseline" ? interview.baselineQuestion() : interview.nextQuestion()?.finding
                    guard let asked else { break }
                    let ancestorsOfHidden = hidden.contains { source.tables.ancestors(of: Int($0)).contains(Int32(asked.position)) }
                    interview.record(asked, ancestorsOfHidden ? .yes : .no)
                    let elapsed = clock.now - start
                    stepTimes.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
                    let rank = interview.rank(of: disease) ?? Int.max
                    if rank == 1, first == Int.max { first = question }
                    if question == 5, rank == 1 { top1After5 += 1 }
                    if question == 10 { if rank == 1 { top1After10 += 1 }; if rank <= 10 { top10After10 += 1 } }
                }
                // Patients whose disease leads before any question need none: they are left out.
                if first != 0 { questionsToFirst.append(first == Int.max ? 11 : first) }
            }
            questionsToFirst.sort()
            stepTimes.sort()
            let median = questionsToFirst.isEmpty ? 0 : questionsToFirst[questionsToFirst.count / 2]
            let mean = Double(questionsToFirst.reduce(0, +)) / Double(max(questionsToFirst.count, 1))
            let n = Double(max(noisy.count, 1))
            print(strategy.padding(toLength: 22, withPad: " ", startingAt: 0)
                  + ((median == 11 ? ">10" : "\(median)") + String(format: ", mean %.1f (n=%d)", mean, questionsToFirst.count))
                    .padding(toLength: 29, withPad: " ", startingAt: 0)
                  + String(format: "%6.1f%%          %6.1f%%           %6.1f%%            %.1f, %.1f",
                           100 * Double(top1After5) / n, 100 * Double(top1After10) / n, 100 * Double(top10After10) / n,
                           stepTimes.isEmpty ? 0 : stepTimes[stepTimes.count / 2], stepTimes.last ?? 0))
        }
    }
}
