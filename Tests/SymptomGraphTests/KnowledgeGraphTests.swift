import Testing
@testable import SymptomGraph

@Suite struct KnowledgeGraphTests {
    let graph: KnowledgeGraph

    init() throws { graph = try TestGraph.make() }

    @Test func inverseNameWalksTheSameEdgeBackwards() throws {
        let neck = graph.id("t:neck-movement"), sign = graph.id("t:lhermittes-sign")
        let triggers = try #require(graph.step(named: "triggers"))
        let triggeredBy = try #require(graph.step(named: "triggered_by"))
        #expect(triggers.isInverse && !triggeredBy.isInverse)
        #expect(graph.neighbours(of: neck, by: triggers).map(\.entity) == [sign])
        #expect(graph.neighbours(of: sign, by: triggeredBy).map(\.entity) == [neck])
        #expect(graph.assertions.count == 7)
        #expect(graph.provenance(of: graph.neighbours(of: neck, by: triggers)[0].assertion).locator == "p2.s2")
    }

    @Test func symmetricRelationsMatchFromEitherEnd() throws {
        let step = try #require(graph.step(named: "associated_with"))
        #expect(graph.neighbours(of: graph.id("t:tremor"), by: step).map(\.entity) == [graph.id("t:ms")])
        #expect(graph.neighbours(of: graph.id("t:ms"), by: step).map(\.entity) == [graph.id("t:tremor")])
    }

    @Test func negatedAssertionsAreSkippedUnlessAsked() throws {
        let step = try #require(graph.step(named: "has_symptom"))
        let ms = graph.id("t:ms")
        #expect(graph.labels(graph.neighbours(of: ms, by: step).map(\.entity)) == ["Lhermitte's sign"])
        #expect(graph.labels(graph.neighbours(of: ms, by: step, includeNegated: true).map(\.entity)) == ["Lhermitte's sign", "Fever"])
    }

    /// The first reads of one entity's edges over all relations scan the assertions; later ones
    /// build the lists. Both give the same edges in the same order (by relation, then position).
    @Test func scannedEdgesEqualTheListsEdges() throws {
        let scanning = try TestGraph.make(), listed = try TestGraph.make()
        for _ in 0..<8 { _ = listed.allNeighbours(of: listed.id("t:ms")) }  // past the scans: lists built
        for position in 0..<graph.entities.count {
            let entity = EntityID(position)
            let fresh = try TestGraph.make()  // no read yet: this one scans
            #expect(fresh.assertions(from: entity) == listed.assertions(from: entity))
            #expect(fresh.assertions(to: entity) == listed.assertions(to: entity))
            let scanned = scanning.allNeighbours(of: entity, includeNegated: true), built = listed.allNeighbours(of: entity, includeNegated: true)
            #expect(scanned.map(\.assertion) == built.map(\.assertion))
            #expect(scanned.map(\.step) == built.map(\.step))
        }
    }

    /// The assertions of several subjects at once are each subject's own, by relation then
    /// position, whether a relation's lists were built or the assertions were scanned.
    @Test func assertionsOfSeveralSubjectsAreEachSubjectsOwn() throws {
        let subjects = Set((0..<graph.entities.count).filter { $0 % 2 == 0 }.map { EntityID($0) })
        let relations = graph.relations.indices.map { RelationID($0) }
        for wanted in [nil, [relations[0]], Array(relations.reversed())] {
            for built in [[], [relations[0]], relations] {
                let fresh = try TestGraph.make()
                for relation in built { _ = fresh.assertions(from: EntityID(0), relation: relation) }
                let found = fresh.assertions(from: subjects, relations: wanted)
                for subject in subjects {
                    let expected = (wanted ?? relations).sorted().flatMap { fresh.assertions(from: subject, relation: $0) }
                    #expect(found[subject] ?? [] == expected)
                }
            }
        }
    }

    @Test func closureIsCycleSafe() throws {
        let isA = try #require(graph.step(named: "is_a"))
        let closure = graph.closure(from: graph.id("t:ms"), steps: [isA])
        #expect(graph.labels(closure) == ["Autoimmune disease", "Disease"])
        #expect(graph[closure[0]].label == "Autoimmune disease")
    }

    @Test func shortestChainCrossesDirections() throws {
        let chain = try #require(graph.shortestChain(from: graph.id("t:neck-movement"), to: graph.id("t:tremor")))
        #expect(chain.count == 3)
        #expect(chain.map { graph.name(of: $0.step) } == ["triggers", "symptom_of", "associated_with"])
        #expect(graph.shortestChain(from: graph.id("t:ms"), to: graph.id("t:ms"))?.isEmpty == true)
    }

    @Test func neighbourhoodIsBoundedByRadius() {
        let near = graph.neighbourhood(of: graph.id("t:neck-movement"), within: 1)
        #expect(graph.labels(near.order) == ["Neck movement", "Lhermitte's sign"])
        let wider = graph.neighbourhood(of: graph.id("t:neck-movement"), within: 2)
        #expect(wider.visit(graph.id("t:ms"))?.depth == 2)
    }

    @Test func kindsFollowTheirParents() {
        #expect(graph.entity(graph.id("t:ms"), isOfKind: "condition"))
        #expect(graph.entity(graph.id("t:ms"), isOfKind: "disease"))
        #expect(!graph.entity(graph.id("t:tremor"), isOfKind: "condition"))
        #expect(graph.kindAndAncestors(of: "disease") == ["disease", "condition"])
        #expect(graph.kindAndAncestors(of: "no-such-kind") == ["no-such-kind"])
    }

    @Test func lookupsByRelationAndEndpointUseTheIndexes() throws {
        let hasSymptom = try #require(graph.step(named: "has_symptom")).relation
        #expect(graph.assertions(of: hasSymptom).count == 2)
        #expect(graph.assertions(from: graph.id("t:ms"), relation: hasSymptom).count == 2)
        #expect(graph.assertions(to: graph.id("t:lhermittes-sign")).count == 1)
        #expect(graph.assertions(from: graph.id("t:lhermittes-sign")).count == 1)
    }

    @Test func identicalQualifiersAndProvenanceAreStoredOnce() {
        #expect(graph.qualifierTable.count == 3)
        #expect(graph.provenanceTable.count == 2)
    }
}
