import Foundation
import KnowledgePacks
import SymptomGraph
import Testing
import TestSupport
@testable import SymptomQuery

/// Closure, information content and ranking on a five-term ontology computed by hand.
///
///     T0 (HP:0000001)
///     ├── T1 (HP:0000011) ── T3 (HP:0000013)
///     │                  └── T4 (HP:0000014) ──┐ (T4 is_a T1 and T2)
///     └── T2 (HP:0000012) ─────────────────────┘
///
/// Diseases: OMIM:1 {T3}, OMIM:2 {T4}, OMIM:3 {T2}, OMIM:4 {T1, NOT T3}; N = 4.
/// n(T0) = 4, n(T1) = 3 (1, 2, 4), n(T2) = 2 (2, 3), n(T3) = 1, n(T4) = 1, so
/// IC(T0) = 0, IC(T1) = ln 4/3, IC(T2) = ln 2, IC(T3) = IC(T4) = ln 4.
@Suite struct RankingTests {
    static func engine() throws -> QueryEngine { try TinyOntology.engine() }

    func ranking(_ engine: QueryEngine, _ query: String) throws -> [(String, Double)] {
        try engine.answer(query).rows.map { row in
            guard case let .entity(id) = row.values[1], case let .number(score) = row.values[2] else { return ("?", -1) }
            return (engine.graph[id].id, score)
        }
    }

    /// The same questions over the tiny ontology, read from its files and from its compiled
    /// snapshot (names and ranking tables adopted from it), with the bundled packs merging into it:
    /// the printed answers are byte for byte the same, evidence and provenance included.
    @Test func answersFromASnapshotAreByteIdenticalToTheFiles() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        func load() throws -> (engine: QueryEngine, contents: [PackContent], snapshots: [String]) {
            let (contents, _) = try PackLoading.read(Fixtures.bundledPackFiles() + [try PackFiles.read(directory: folder.path)])
            let knowledge = try KnowledgeBase(packs: contents)
            return (QueryEngine(graph: knowledge.graph), contents, knowledge.packsFromSnapshots)
        }
        let (text, contents, _) = try load()
        _ = try PackCompiler.compile("tiny", among: contents)
        let (compiled, _, snapshots) = try load()
        #expect(snapshots == ["tiny"])
        let queries = [
            "describe term one", "describe first", "describe HP:0000099", "rank HP:0000013, HP:0000012 from OMIM",
            "rank first, term four, not term two using graphic", "conditions with Term one", "ancestors of HP:0000014",
            "descendants of first", "symptoms of ms spasms", "what triggers lhermitte's sign", "tremr", "describe HP:0000015",
        ]
        for format in [OutputFormat.json, .table] {
            for query in queries {
                func printed(_ engine: QueryEngine) -> String {
                    let outcome = QueryOutcome(query: query, result: Result { () throws(QueryError) in try engine.answer(query) })
                    return ResultRenderer(format: format, showsProvenance: true, graph: engine.graph).render(outcome)
                }
                #expect(printed(compiled) == printed(text), "\(query)")
            }
        }
    }

    /// A curator's pack with diseases of its own forms a database named by its (lowercase)
    /// namespace: `from demo` (read as DEMO) ranks them, and so does the likelihood-ratio method.
    @Test func aPacksOwnDiseasesAreRankedFromItsNamespace() throws {
        let engine = try TinyOntology.engine(demo: """
            entities:
              - {id: wobbly, kind: disease, label: Wobbly syndrome}
              - {id: steady, kind: disease, label: Steady syndrome}
            assertions:
              - {subject: wobbly, relation: has_symptom, object: HP:0000013, source: s, locator: l1}
              - {subject: steady, relation: has_symptom, object: HP:0000012, source: s, locator: l2}
            """)
        for query in ["rank HP:0000013 from demo", "rank HP:0000013 from DEMO", "rank HP:0000013 using lr from demo"] {
            let result = try engine.answer(query)
            #expect(try ranking(engine, query).first?.0 == "demo:wobbly", "\(query)")
            #expect(result.rows.count == 2, "\(query)")
        }
        #expect(throws: QueryError.self) { try engine.answer("rank HP:0000013 from nosuch") }
    }

    /// A finding every disease has (the root) or none has, through every term above it too,
    /// tells no disease apart: alone it is refused (every disease would tie, in an order that
    /// means nothing); beside others, a note names it.
    @Test func aFindingThatTellsNoDiseaseApartIsNamed() throws {
        let engine = try Self.engine()
        #expect {
            _ = try engine.answer("rank all")
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.id == .uninformativeFinding && error.span == Span(5, 8)
                && error.message == "'All' (HP:0000001) tells no OMIM disease from another: every OMIM disease has it; "
                    + "name findings observed in the patient"
        }
        let ranked = try engine.answer("rank all, term three")
        #expect(ranked.message == "note: 'All' (HP:0000001) tells no disease from another: every OMIM disease has it")
        #expect(ranked.rows.count == 4)
        let termThree = try #require(engine.graph.entityID(for: "HP:0000013"))
        let database = try #require(engine.rankingIndex?.databases["OMIM"])
        #expect(database.saysNothing(about: termThree) == nil)
        // Beside an informative excluded finding, the root alone is a question with an answer.
        #expect(try engine.answer("rank all, not term three").rows.count == 4)
        // A term no disease is annotated with still ranks through the informative terms above it.
        let unannotated = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000012\tPMID:2\tPCS\t\t\t\t\tP\tx
            OMIM:3\tDisease three\t\tHP:0000011\tPMID:3\tPCS\t\t\t\t\tP\tx
            """)
        let scores = try unannotated.answer("rank term four using resnik").rows.compactMap { row -> Double? in
            if case let .number(score) = row.values[2] { score } else { nil }
        }
        #expect(scores.count == 3 && scores.contains { $0 > 0 }, "\(scores)")
    }

    /// A condition is what a ranking finds: named as a finding, it is refused (every disease
    /// would tie), and so is a finding that stands for a term no loaded pack defines.
    @Test func aConditionIsNotAFinding() throws {
        let engine = try Self.engine()
        #expect {
            _ = try engine.answer("rank disease one, term three")
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.message == "'Disease one' is a condition, not a finding: name what is observed (symptoms, signs)"
                && error.notes == ["to see what it has: symptoms of disease one"]
        }
        // A curated condition mapped to a term (as migraine to HP:0002076) is that finding too.
        let tiny = try SymkbProcess.temporaryDirectory(), mapped = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: tiny)
        try "format: 1\nid: mapped\nversion: 1.0.0\ntitle: Mapped\nsources: [{id: s, title: S}]\ndepends: {core: ^1.0.0}\n"
            .write(to: mapped.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try "entities:\n  - {id: spell, kind: condition, label: Dizzy spell, xrefs: [HP:0000012]}\n"
            .write(to: mapped.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        let (contents, _) = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: tiny.path),
                                                  try PackFiles.read(directory: mapped.path)])
        let withMapping = QueryEngine(graph: try KnowledgeBase(packs: contents).graph)
        #expect(try withMapping.engineRanks("rank dizzy spell"))
        #expect(try withMapping.engineRanks("rank HP:0000012"))
        let bundled = try Fixtures.bundledEngine()
        #expect {
            _ = try bundled.ontologyFinding(named: "tingling")
        } throws: { error in
            (error as? QueryError)?.message.hasSuffix("which no loaded pack defines") == true
        }
    }

    @Test func anObsoleteTermWithoutReplacementIsRefusedWithItsConsiderTerms() throws {
        let engine = try Self.engine()
        for query in ["describe HP:0000015", "rank HP:0000015, HP:0000011"] {
            do {
                _ = try engine.answer(query)
                Issue.record("\(query) was answered")
            } catch {
                #expect(error.id == .obsoleteTerm)
                #expect(error.message.contains("HP:0000015 is an obsolete term with no replacement"))
                #expect(error.message.contains("Term two (HP:0000012)"))
                #expect(error.suggestions.isEmpty)  // the message names them, with their labels
            }
        }
    }

    /// Equal scores are ordered by the number in the id, read by byte as `Int(_:)` reads text.
    @Test func tieOrderReadsIdNumbersAsIntDoes() {
        let ids = ["OMIM:609909", "OMIM:0", "ORPHA:-12", "X:+7", "X:", "X:+", "X:12a", "noprefix", "A:B:1",
                   "OMIM:99999999999999999999", "X:-9223372036854775808", "X:9223372036854775807", "DECIPHER:٣"]
        for id in ids {
            #expect(PhenotypeIndex.number(afterPrefixOf: id) == (Int(id.drop { $0 != ":" }.dropFirst()) ?? Int.max), "\(id)")
        }
    }

    /// The best diseases, read from the ids of those at or above the cut only, are the first of
    /// all diseases ordered by score and then by the full id order: for every way four diseases
    /// can score from a few tied values, and every limit.
    @Test func theBestAreOrderedAsTheFullIdOrderOrdersThem() throws {
        let engine = try Self.engine()
        let omim = try #require(PhenotypeIndex(graph: engine.graph)?.databases["OMIM"])
        let values: [Double] = [-.infinity, 0, 1.5, 2]
        let count = omim.diseases.count
        #expect(count == 4)
        for code in 0..<Int(pow(Double(values.count), Double(count))) {
            var rest = code
            let scores = (0..<count).map { _ in
                defer { rest /= values.count }
                return values[rest % values.count]
            }
            let everyone = scores.indices.filter { scores[$0] > -.infinity }.sorted {
                scores[$0] != scores[$1] ? scores[$0] > scores[$1] : omim.idOrder[$0] < omim.idOrder[$1]
            }
            for limit in 0...(count + 1) {
                #expect(PhenotypeRanker.best(scores, of: omim, limit: limit) == Array(everyone.prefix(limit)), "\(scores) \(limit)")
            }
        }
    }

    @Test func closuresAreProperAndCycleSafe() throws {
        let engine = try Self.engine()
        let ancestors = try engine.answer("ancestors of HP:0000014").rows.compactMap { row -> String? in
            if case let .entity(id) = row.values[0] { return engine.graph[id].id } else { return nil }
        }
        #expect(Set(ancestors) == ["HP:0000011", "HP:0000012", "HP:0000001"])
        let descendants = try engine.answer("descendants of term one").rows.count
        #expect(descendants == 2)
        #expect(try engine.answer("conditions with Term one").rows.count == 3)  // OMIM:1, 2 (via T4) and 4
        #expect(try engine.answer("describe HP:0000099").subject.map { engine.graph[$0].id } == "HP:0000014")
        #expect(try engine.answer("describe first").subject.map { engine.graph[$0].id } == "HP:0000011")
    }

    @Test func informationContentFollowsTheDefinition() throws {
        let engine = try Self.engine()
        let index = try #require(PhenotypeIndex(graph: engine.graph))
        let omim = try #require(index.databases["OMIM"])
        func ic(_ id: String) throws -> Double { omim.informationContent[try #require(engine.graph.entityID(for: id)).position] }
        #expect(omim.diseases.count == 4)
        #expect(abs(try ic("HP:0000001")) < 1e-12)
        #expect(abs(try ic("HP:0000011") - log(4.0 / 3)) < 1e-12)
        #expect(abs(try ic("HP:0000012") - log(2.0)) < 1e-12)
        #expect(abs(try ic("HP:0000013") - log(4.0)) < 1e-12)
        #expect(abs(try ic("HP:0000014") - log(4.0)) < 1e-12)
    }

    @Test func resnikBestMatchAverage() throws {
        let ranked = try ranking(try Self.engine(), "rank HP:0000013 using resnik")
        #expect(ranked.map(\.0) == ["OMIM:1", "OMIM:2", "OMIM:3", "OMIM:4"])
        #expect(abs(ranked[0].1 - log(4.0)) < 1e-9)             // (ln4 + ln4) / 2
        #expect(abs(ranked[1].1 - log(4.0 / 3)) < 1e-9)         // MICA T1
        #expect(ranked[2].1 == 0)                               // MICA T0
        #expect(ranked[3].1 == 0)                               // NOT T3 contradicts the finding: × (1 − 1/1)
    }

    @Test func graphICFunSimAverage() throws {
        let ranked = try ranking(try Self.engine(), "rank HP:0000013 using graphic")
        // sim(T3, T4): common ancestors (selves included) {T1, T0}; union of proper ancestors {T0, T1, T2}.
        let expected = log(4.0 / 3) / (log(4.0 / 3) + log(2.0))
        #expect(ranked[0].0 == "OMIM:1" && ranked[0].1 == 1)
        #expect(ranked[1].0 == "OMIM:2" && abs(ranked[1].1 - expected) < 1e-9)
    }

    @Test func excludedFindingsLowerTheRank() throws {
        let engine = try Self.engine()
        let plain = try ranking(engine, "rank HP:0000011 using resnik")
        let excluding = try ranking(engine, "rank HP:0000011, not HP:0000012 using resnik")
        let before = try #require(plain.first { $0.0 == "OMIM:2" }?.1)
        let after = try #require(excluding.first { $0.0 == "OMIM:2" }?.1)
        #expect(abs(after - before * 0.5) < 1e-9)   // one conflict out of two findings
        let result = try engine.answer("rank HP:0000011, not HP:0000012 using resnik")
        let row = try #require(result.rows.first { if case let .entity(id) = $0.values[1] { engine.graph[id].id == "OMIM:2" } else { false } })
        #expect(row.conflicts.map { engine.graph[$0].id } == ["HP:0000012"])
        #expect(row.matches.first?.commonAncestor.map { engine.graph[$0].id } == "HP:0000011")
    }

    /// Background frequencies (unstated frequency u = 0.895, OMIM:2's T4 at 1/2; smoothed (Σ + ½) / (N + 1)):
    /// P(T0) = (3u + 0.5 + 0.5) / 5, P(T1) = (2u + 0.5 + 0.5) / 5, P(T2) = (u + 0.5 + 0.5) / 5,
    /// P(T3) = (u + 0.5) / 5, P(T4) = (0.5 + 0.5) / 5.
    static let u = AnnotationFrequency.unstated
    static let background = ["T0": (3 * u + 1) / 5, "T1": (2 * u + 1) / 5, "T2": (u + 1) / 5, "T3": (u + 0.5) / 5, "T4": 1.0 / 5]

    func likelihoods(_ engine: QueryEngine, _ query: String) throws -> [String: (probability: Double, log10LR: Double, matches: [FindingMatch])] {
        var result: [String: (probability: Double, log10LR: Double, matches: [FindingMatch])] = [:]
        for row in try engine.answer(query).rows {
            guard case let .entity(id) = row.values[1], case let .number(probability) = row.values[2],
                  case let .number(score) = row.values[3] else { continue }
            result[engine.graph[id].id] = (probability, score, row.matches)
        }
        return result
    }

    @Test func likelihoodRatiosFollowTheDocumentedModel() throws {
        let engine = try Self.engine()
        let b = Self.background, u = Self.u
        let kappa = LikelihoodRatioModel.Parameters().unexplained, contradicted = LikelihoodRatioModel.Parameters().contradicted
        // T3 observed: OMIM:1 has it (u / P(T3)); OMIM:2 and 3 do not explain it (T4 only relates
        // through T1, too weakly; T2 only through the root); OMIM:4 is known not to show it.
        let ranked = try likelihoods(engine, "rank HP:0000013 using lr")
        let lr = ["OMIM:1": u / b["T3"]!, "OMIM:2": kappa, "OMIM:3": kappa, "OMIM:4": contradicted]
        let total = lr.values.reduce(0, +)
        for (disease, value) in lr {
            let row = try #require(ranked[disease])
            #expect(abs(row.log10LR - log10(value)) < 1e-9, "\(disease)")
            #expect(abs(row.probability - value / total) < 1e-9, "\(disease)")
        }
        #expect(ranked["OMIM:1"]?.matches.first?.kind == .exact)
        #expect(ranked["OMIM:2"]?.matches.first?.kind == .unexplained)
        #expect(ranked["OMIM:4"]?.matches.first?.kind == .contradicted)
        #expect(abs(ranked.values.map(\.probability).reduce(0, +) - 1) < 1e-9)

        // T4 observed against OMIM:4's T1: the finding is more specific, P = u · P(T4) / P(T1).
        let specific = try #require(try likelihoods(engine, "rank HP:0000014 using lr")["OMIM:4"])
        #expect(specific.matches.first?.kind == .specific)
        #expect(abs(specific.log10LR - log10(u * (b["T4"]! / b["T1"]!) / b["T4"]!)) < 1e-9)

        // T1 observed, T2 excluded: LR(not x) = (1 − P(x|D)) / (1 − P(x)).
        let excluding = try likelihoods(engine, "rank HP:0000011, not HP:0000012 using lr")
        let absentT2 = 1 / (1 - b["T2"]!)
        let expected = [
            "OMIM:1": u / b["T1"]! * absentT2,                       // T3 implies T1; no T2
            "OMIM:2": 0.5 / b["T1"]! * (1 - 0.5) / (1 - b["T2"]!),  // T4 implies both, at 1/2
            "OMIM:3": kappa * (1 - u) / (1 - b["T2"]!),             // T2 annotated
            "OMIM:4": u / b["T1"]! * absentT2,
        ]
        for (disease, value) in expected {
            #expect(abs(try #require(excluding[disease]).log10LR - log10(value)) < 1e-9, "\(disease)")
        }
        let omim3 = try #require(excluding["OMIM:3"])
        #expect(omim3.matches.last?.isExcluded == true && omim3.matches.last?.kind == .exact)
    }

    @Test func explainRankShowsOneDiseaseWhereverItRanks() throws {
        let engine = try Self.engine()
        for method in RankingMethods.names {
            let full = try engine.answer("rank HP:0000013 using \(method)").rows
            let last = try #require(full.last)
            guard case let .entity(disease) = last.values[1] else { Issue.record("no disease"); continue }
            let explained = try engine.answer("explain rank \(engine.graph[disease].id) given HP:0000013 using \(method) top 1")
            #expect(explained.rows.count == 1)
            #expect(explained.rows.first?.values == last.values, "\(method)")   // its place in the full ranking
            #expect(explained.rows.first?.matches.count == 1)
            #expect(explained.showsEvidenceByDefault)
        }
        let lr = try engine.answer("explain rank OMIM:4 given term three using lr")
        #expect(lr.rows.first?.matches.first?.kind == .contradicted)
        // The table lists how each finding matched without --why.
        let table = ResultRenderer(format: .table, graph: engine.graph).render(QueryOutcome(query: lr.query, result: .success(lr)))
        #expect(table.contains("evidence:") && table.contains("Term three (HP:0000013) → known not to show"))
        #expect(throws: QueryError.self) { _ = try engine.answer("explain rank term one given term three") }
        #expect(throws: QueryError.self) { _ = try engine.answer("explain rank OMIM:4") }
    }

    /// A disease name two databases share is the ranked database's disease in `explain rank`
    /// (OMIM's by default, ORPHA's `from ORPHA`); elsewhere OMIM's, the other named
    /// (`SharedNameTests`).
    @Test func explainRankTakesTheRankedDatabasesDiseaseOfASharedName() throws {
        let engine = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000012\tPMID:2\tPCS\t\t\t\t\tP\tx
            ORPHA:9\tDisease one\t\tHP:0000013\tPMID:9\tPCS\t\t\t\t\tP\tx
            ORPHA:8\tDisease eight\t\tHP:0000012\tPMID:8\tPCS\t\t\t\t\tP\tx
            """)
        func explained(_ query: String) throws -> String? {
            guard case let .entity(disease)? = try engine.answer(query).rows.first?.values[1] else { return nil }
            return engine.graph[disease].id
        }
        #expect(try explained("explain rank \"disease one\" given term three") == "OMIM:1")
        #expect(try explained("explain rank \"disease one\" given term three from ORPHA") == "ORPHA:9")
        #expect(try engine.answer("symptoms of \"disease one\"").notes.first?.contains("ORPHA:9") == true)
    }

    /// Diseases scored alike share a place ("1, 1, 3"): their order, by id, ranks nothing. `explain
    /// rank` gives the same place.
    @Test func tiedDiseasesShareAPlace() throws {
        let engine = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000013\tPMID:2\tPCS\t\t\t\t\tP\tx
            OMIM:3\tDisease three\t\tHP:0000012\tPMID:3\tPCS\t\t\t\t\tP\tx
            """)
        for method in ["resnik", "graphic", "lr"] {
            let result = try engine.answer("rank term three using \(method)")
            let places = result.rows.compactMap { row -> Int? in if case let .integer(place) = row.values[0] { place } else { nil } }
            #expect(places == [1, 1, 3], "\(method)")
            let explained = try engine.answer("explain rank \"disease two\" given term three using \(method)")
            #expect(explained.rows.first?.values.first == .integer(1), "\(method)")
        }
    }

    @Test func aFindingImpliedByAnotherAddsNothingToLR() throws {
        let engine = try Self.engine()
        let both = try likelihoods(engine, "rank term one, term three using lr")
        let child = try likelihoods(engine, "rank term three using lr")
        for (disease, row) in child { #expect(abs((both[disease]?.log10LR ?? 0) - row.log10LR) < 1e-12, "\(disease)") }
        #expect(both["OMIM:1"]?.matches.first?.kind == .redundant)
        #expect(throws: QueryError.self) { _ = try engine.answer("rank term three, not term one using lr") }
    }

    /// A pack states priors (here a second pack, with one for a disease nobody defines, which is
    /// warned about): post-test probabilities are prior × LR, the others keep the uniform 1/N.
    @Test func packsStatePriors() throws {
        let tiny = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: tiny)
        let priors = try SymkbProcess.temporaryDirectory()
        try """
            format: 1
            id: priors
            version: 1.0.0
            title: Priors
            depends: {tiny: ^1.0.0}
            priors:
              - {disease: "OMIM:3", prior: 0.5}
              - {disease: "OMIM:99", prior: 0.1}
            """.write(to: priors.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        let (contents, _) = try PackLoading.read(
            [Fixtures.corePack(), try PackFiles.read(directory: tiny.path), try PackFiles.read(directory: priors.path)])
        let knowledge = try KnowledgeBase(packs: contents)
        #expect(knowledge.warnings.contains { $0.message.contains("prior for 'OMIM:99', which no loaded pack defines") })
        var engine = QueryEngine(graph: knowledge.graph)
        engine.priors = knowledge.priors
        let ranked = try likelihoods(engine, "rank HP:0000013 using lr")
        let b = Self.background, u = Self.u, kappa = LikelihoodRatioModel.Parameters().unexplained
        let weighted = ["OMIM:1": 0.25 * u / b["T3"]!, "OMIM:2": 0.25 * kappa, "OMIM:3": 0.5 * kappa, "OMIM:4": 0.25 * 0.01]
        let total = weighted.values.reduce(0, +)
        for (disease, value) in weighted {
            #expect(abs(try #require(ranked[disease]).probability - value / total) < 1e-9, "\(disease)")
        }
        // The LR column is the evidence alone, without the prior.
        #expect(abs(try #require(ranked["OMIM:3"]).log10LR - log10(kappa)) < 1e-9)

        try "format: 1\nid: bad\nversion: 1.0.0\ntitle: Bad\npriors: [{disease: OMIM:1, prior: 2}]\n"
            .write(to: priors.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: PackLoadError.self) { _ = try PackLoading.read([try PackFiles.read(directory: priors.path)]) }
    }

    @Test func aFindingNamedTwiceCountsOnce() throws {
        let engine = try Self.engine()
        for method in RankingMethods.names {
            // HP:0000099 is an alt_id of HP:0000014; "first" a synonym of HP:0000011.
            let twice = try engine.answer("rank HP:0000014, HP:0000099, first, term one, HP:0000011 using \(method)")
            let once = try engine.answer("rank HP:0000014, HP:0000011 using \(method)")
            #expect(twice.rows.map(\.values) == once.rows.map(\.values), "\(method)")
            #expect(twice.rows.first?.matches.count == 2, "\(method)")
        }
        #expect(throws: QueryError.self) { _ = try engine.answer("rank HP:0000014, not HP:0000099 using lr") }
    }

    @Test func rankErrorsAreClear() throws {
        let engine = try Self.engine()
        #expect(throws: QueryError.self) { _ = try engine.answer("rank HP:0000013 from ORPHA") }
        // An unknown database is pointed at where the question names it, with the names loaded.
        let question = "rank HP:0000013 from OMIN top 3"
        #expect {
            _ = try engine.answer(question)
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.span == Span(21, 25) && error.suggestions == ["OMIM"] && error.message.hasSuffix("loaded: OMIM")
        }
        #expect(throws: QueryError.self) { _ = try engine.answer("rank HP:0000013 using cosine") }
        #expect(throws: QueryError.self) { _ = try engine.answer("rank") }
        let bundled = try Fixtures.bundledEngine()
        #expect {
            _ = try bundled.answer("rank tingling")
        } throws: { error in
            // The article's own disease (namespace ms) annotates no ontology term: no database.
            (error as? QueryError)?.message == "rank needs disease annotations (e.g. phenotype.hpoa); none are loaded"
        }
    }

    /// Scores cut into runs on the cores are bit for bit the scores of one run, for both measures,
    /// with an excluded finding (the tiny ontology's ranking, cut even though it is small).
    @Test func scoresOnTheCoresEqualScoresInOneRun() throws {
        let engine = try Self.engine()
        let index = try #require(PhenotypeIndex(graph: engine.graph))
        let ranker = PhenotypeRanker(index: index)
        let terms = try ["HP:0000013", "HP:0000014", "HP:0000012"].map { try #require(engine.graph.entityID(for: $0)) }
        for similarity in TermSimilarity.allCases {
            let one = ranker.scores(findings: Array(terms.prefix(2)), excluded: [terms[2]], database: "OMIM",
                                    similarity: similarity, parallelFrom: .max)
            let cut = ranker.scores(findings: Array(terms.prefix(2)), excluded: [terms[2]], database: "OMIM",
                                    similarity: similarity, parallelFrom: 0)
            #expect(one != nil && one == cut, "\(similarity)")
        }
    }

    /// The similarity table reads each term's ancestors once for up to 8 findings: with more (11
    /// here, the five terms over again, in two passes), every disease's score is still the one the
    /// definitions give, summed in the same order (best-match average for Resnik, funSimAvg of
    /// graph IC), computed here pair by pair from the ancestor sets.
    @Test func manyFindingsScoreAsTheDefinitionsSay() throws {
        let engine = try Self.engine()
        let index = try #require(PhenotypeIndex(graph: engine.graph))
        let database = try #require(index.databases["OMIM"])
        let ids = ["HP:0000013", "HP:0000014", "HP:0000012", "HP:0000011", "HP:0000001"]
        let terms = try ids.map { try #require(engine.graph.entityID(for: $0)) }
        let findings = (0..<11).map { terms[($0 * 3) % terms.count] }
        let ic = database.informationContent, sums = database.ancestorICSum
        func similarity(_ finding: Int, _ term: Int, _ measure: TermSimilarity) -> Double {
            let findingAncestors = Set(index.ancestors(of: EntityID(finding)))
            let common = index.ancestors(of: EntityID(term)).filter { findingAncestors.contains($0) }
            switch measure {
            case .resnik: return common.map { ic[Int($0)] }.max() ?? 0
            case .graphic:
                if finding == term { return 1 }
                let shared = common.reduce(0.0) { $0 + ic[Int($1)] }
                var proper = shared
                if common.contains(Int32(finding)) { proper -= ic[finding] }
                if findingAncestors.contains(Int32(term)) { proper -= ic[term] }
                let union = (sums[finding] - ic[finding]) + (sums[term] - ic[term]) - proper
                return union > 0 ? shared / union : 0
            }
        }
        for measure in TermSimilarity.allCases {
            let scores = try #require(PhenotypeRanker(index: index).scores(findings: findings, database: "OMIM", similarity: measure))
            for disease in database.diseases.indices {
                let diseaseTerms = database.terms(ofDisease: disease).map(Int.init)
                var rowMax = [Double](repeating: 0, count: findings.count), columnSum = 0.0
                for term in diseaseTerms {
                    var best = 0.0
                    for (q, finding) in findings.enumerated() {
                        let value = similarity(finding.position, term, measure)
                        best = max(best, value)
                        rowMax[q] = max(rowMax[q], value)
                    }
                    columnSum += best
                }
                let rowSum = rowMax.reduce(0, +)
                let expected = switch measure {
                case .resnik: (rowSum + columnSum) / Double(findings.count + diseaseTerms.count)
                case .graphic: 0.5 * (rowSum / Double(findings.count) + columnSum / Double(diseaseTerms.count))
                }
                let negated = Set(database.negatedTerms(ofDisease: disease))
                let conflicts = findings.filter { index.ancestors(of: $0).contains { negated.contains($0) } }.count
                let penalized = conflicts > 0 ? expected * max(0, 1 - Double(conflicts) / Double(findings.count)) : expected
                #expect(scores[disease] == penalized, "\(measure), disease \(disease)")
            }
        }
    }

    /// Scoring is cut into runs, one per core, only when there is enough work: the runs cover
    /// every disease once, in order, and a small ranking stays one run.
    @Test func scoringRunsCoverEveryDiseaseOnce() {
        #expect(PhenotypeRanker.runs(10, work: 100) == [0..<10])
        #expect(PhenotypeRanker.runs(0, work: 0) == [0..<0])
        for count in [1, 7, 8_359] {
            let runs = PhenotypeRanker.runs(count, work: 1_000_000)
            #expect(runs.first?.lowerBound == 0 && runs.last?.upperBound == count)
            #expect(zip(runs, runs.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(runs.count <= max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, count)))
        }
    }
}

/// A phenopacket names an ontology class by the ontology's own label, not by the curated
/// member's that a merged concept shows (Tingling for HP:0003401, which the HPO calls Paresthesia).
@Suite struct PhenopacketLabelTests {
    @Test func anOntologyClassCarriesTheOntologysLabel() throws {
        var builder = GraphBuilder()
        for pack in ["hpo", "ms"] { builder.addPack(pack) }
        try builder.addKind(EntityKind(name: "symptom", pack: "hpo"))
        try builder.addEntity(Entity(id: "HP:0003401", kind: "symptom", label: "Paresthesia", pack: "hpo"))
        try builder.addEntity(Entity(id: "ms:tingling", kind: "symptom", label: "Tingling", xrefs: ["HP:0003401"], pack: "ms"))
        let graph = builder.build()
        let concept = try #require(graph.entityID(for: "ms:tingling"))
        let packet = Phenopacket.of(id: "p", present: [concept], excluded: [], differential: [], graph: graph, created: "2026-01-01T00:00:00Z")
        #expect(packet.phenotypicFeatures?.first?.type.id == "HP:0003401")
        #expect(packet.phenotypicFeatures?.first?.type.label == "Paresthesia")
    }
}

extension QueryEngine {
    /// Whether a ranking question answers with rows.
    func engineRanks(_ query: String) throws -> Bool { !(try answer(query).rows.isEmpty) }
}
