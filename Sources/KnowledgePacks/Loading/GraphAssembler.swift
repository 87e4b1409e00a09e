import Foundation
import SymptomGraph

/// Builds one ``KnowledgeGraph`` from packs in dependency order, attaching a location to every
/// problem the graph builder reports and checking what only the whole set of packs can tell:
/// dangling references, references into packs not depended upon, domains and ranges, unused sources.
struct GraphAssembler {
    private var builder = GraphBuilder()
    private(set) var diagnostics: [Diagnostic] = []
    private var definitions: [String: SourceLocation] = [:]
    /// Where each assertion was written: a data file's line for a pack's own assertions, the
    /// imported file for an import's (by ranges of assertion positions).
    private var assertionLocations = AssertionLocations()

    mutating func assemble(_ packs: [PackContent]) -> KnowledgeGraph {
        // Every namespace has one owner: a second pack that claims one is refused (its entities
        // would pass for the owner's).
        var namespaces: [String: String] = [:]
        for pack in packs {
            if let owner = namespaces[pack.manifest.namespace], owner != pack.id {
                diagnostics.append(.error(.namespaceOwned,
                    "namespace '\(pack.manifest.namespace)' belongs to pack '\(owner)'; give pack '\(pack.id)' a namespace of its own",
                    at: pack.manifest.namespaceLocation ?? pack.manifest.location))
            } else {
                namespaces[pack.manifest.namespace] = pack.id
            }
        }
        for pack in packs { builder.addPack(pack.id) }
        // Entities the reader refused were reported where they are defined; references to them are not.
        for pack in packs { rejectedEntities.formUnion(pack.refusedIDs) }
        for pack in packs { addKinds(of: pack) }
        for pack in packs { addRelations(of: pack) }
        for pack in packs { addEntities(of: pack) }
        for pack in packs { runImports(of: pack, namespaces: &namespaces) }
        for pack in packs { addExtensions(of: pack, namespaces: namespaces) }
        for pack in packs { addAssertions(of: pack, namespaces: namespaces) }
        // The graph takes the builder's arrays over (no copy of the entities or assertions).
        var finished = GraphBuilder()
        swap(&finished, &builder)
        let graph = (consume finished).build()
        diagnostics += CycleFinder.cycles(in: graph, locations: assertionLocations, acyclicIsA: compiledAcyclicIsA)
        checkXrefs(of: packs, in: graph, namespaces: namespaces)
        reportConflicts(in: graph)
        return graph
    }

    /// Adds a pack's kinds, each after its parent whatever their order in the file (a kind may
    /// name a parent declared below it); kinds whose parents lead back to themselves are a cycle.
    private mutating func addKinds(of pack: PackContent) {
        var pending = pack.kinds
        while !pending.isEmpty {
            // In the file's order, each kind whose parent is added already, or is none of the
            // kinds still waiting (then it is unknown, and said so); the others wait for a round.
            var waiting = Set(pending.map(\.kind.name))
            var isReady: [Bool] = []
            for record in pending {
                let ready = record.kind.parent.map { builder.hasKind($0) || !waiting.contains($0) } ?? true
                isReady.append(ready)
                if ready { addKind(record); waiting.remove(record.kind.name) }
            }
            guard isReady.contains(true) else {
                for record in pending {
                    let chain = Self.parentChain(from: record.kind.name, in: pending)
                    let onCycle = chain.last == record.kind.name
                    diagnostics.append(.error(.kindCycle,
                        "kind '\(record.kind.name)' " + (onCycle ? "lies under itself through its parents" : "lies under a cycle of kinds")
                            + " (" + chain.joined(separator: " → ") + ")", at: record.location))
                }
                return
            }
            pending = zip(pending, isReady).filter { !$0.1 }.map(\.0)
        }
    }

    /// `name` and its parents among `kinds`, until one repeats: `[a, b, a]`.
    private static func parentChain(from name: String, in kinds: [KindRecord]) -> [String] {
        var chain = [name], seen: Set<String> = [name]
        var current = name
        while let parent = kinds.first(where: { $0.kind.name == current })?.kind.parent {
            chain.append(parent)
            guard seen.insert(parent).inserted else { break }
            current = parent
        }
        return chain
    }

    private mutating func addKind(_ record: KindRecord) {
        do throws(GraphError) {
            try builder.addKind(record.kind)
            definitions["kind " + record.kind.name] = record.location
        } catch {
            report(error, at: record.location, firstKey: "kind " + record.kind.name, candidates: builder.kindNames)
        }
    }

    private mutating func addRelations(of pack: PackContent) {
        for record in pack.relations {
            for kind in record.relation.domain + record.relation.range where !builder.hasKind(kind) {
                diagnostics.append(unknownKind(kind, at: record.location))
            }
            do throws(GraphError) {
                try builder.addRelation(record.relation)
                definitions["relation " + record.relation.name] = record.location
                if let inverse = record.relation.inverseName { definitions["relation " + inverse] = record.location }
            } catch {
                report(error, at: record.location, firstKey: "relation " + record.relation.name, candidates: [])
            }
        }
    }

    private mutating func addEntities(of pack: PackContent) {
        // Labels as names match them: two of one pack that match are one name for two entities.
        var labels: [String: EntityRecord] = [:]
        for record in pack.entities {
            let key = NameKey.exact(record.entity.label)
            if let first = labels[key], first.entity.id != record.entity.id {
                diagnostics.append(.warning(.duplicateLabel,
                    "'\(record.entity.label)' names \(first.entity.id) too (names match whatever their case, accents and "
                        + "punctuation): a query for it is ambiguous; give one another label, or make it a synonym",
                    at: record.location, notes: [.note("\(first.entity.id) is labelled '\(first.entity.label)' here", at: first.location)]))
            } else if !key.isEmpty {
                labels[key] = record
            }
            do throws(GraphError) {
                try builder.addEntity(record.entity)
                definitions[record.entity.id] = record.location
            } catch {
                let location = if case .unknownKind = error { record.kindLocation } else { record.location }
                report(error, at: location, firstKey: record.entity.id, candidates: builder.kindNames)
                // Its id is not reported again where assertions use it (one mistake, one error).
                if case .duplicateEntity = error {} else { rejectedEntities.insert(record.entity.id) }
            }
        }
    }

    /// Entities a pack defines but that could not be added (an unknown kind): already reported.
    private var rejectedEntities: Set<String> = []

    /// Sources cited by each pack's assertions and extensions (for the unused-source warning).
    private var citedSources: [String: Set<String>] = [:]

    /// The pack whose imports are being compiled: read from the text files, whatever snapshot
    /// exists, and kept in ``compiled``.
    var compiling: String?
    /// The compiled import of the pack named by ``compiling``, once assembled.
    private(set) var compiled: PackSnapshot?
    /// What the compiled pack's files parsed to, kept instead of freed (an ontology's ~10^6 small
    /// values took 4 ms of CPU to free while the compile needed both cores): the compile hands
    /// it back (``PackCompiler/Compilation/parsedImports``).
    private(set) var parsedImports: [PreparedImport] = []
    /// The positions of the compiled import's assertions when its `is_a` edges are known to be
    /// acyclic (computing its ranking tables followed them all): the cycle search starts only
    /// from the edges other packs add, as a load of its snapshot does (``CycleFinder``).
    private var compiledAcyclicIsA: Range<Int>?
    /// Called with ``compiled`` as soon as it is made, before the other packs are checked (a
    /// compile starts writing it then), with the assertion indexes the file stores, made beside it.
    var whenCompiled: ((PackSnapshot, SegmentCoding.AssertionIndexes) -> Void)?
    /// The imports of the pack being compiled (``compiling``), read and parsed ahead (while other
    /// packs were read), taken instead of reading its files again; set only when they are its files.
    var preparing: ImportPreparation?
    /// The namespaces of packs that could be loaded but are not (namespace → pack id): a reference
    /// into one is a missing dependency, not an unknown namespace.
    var namespacesElsewhere: [String: String] = [:]
    /// Snapshots opened ahead (by path, while other packs were read), taken instead of opening them.
    var openedSnapshots: [String: Result<PackSnapshot, SnapshotError>] = [:]
    /// The packs whose imports came from a compiled snapshot.
    private(set) var packsFromSnapshots: [String] = []
    /// Snapshots refused (stale, damaged): warnings every load should show, not only `pack check`.
    private(set) var snapshotNotices: [Diagnostic] = []

    /// Runs a pack's importers, or appends its compiled snapshot when one is present and up to
    /// date; the id prefixes of what they add (HP, OMIM, …) become namespaces of the pack.
    private mutating func runImports(of pack: PackContent, namespaces: inout [String: String]) {
        guard !pack.manifest.imports.isEmpty else { return }
        for spec in pack.manifest.imports { citedSources[pack.id, default: []].insert(spec.source) }
        let firstAssertion = builder.assertionCount
        defer {
            // Problems found later in what the import added (an is_a cycle) name its file.
            let file = pack.manifest.imports.count == 1 ? pack.manifest.imports[0].resolvedPath
                : pack.manifest.imports.map(\.resolvedPath).joined(separator: ", ")
            assertionLocations.ranges.append((firstAssertion..<builder.assertionCount, SourceLocation(file: file, line: 1, column: 1)))
        }
        if compiling != pack.id, let path = PackSnapshot.path(for: pack) {
            // Taken out of the dictionary and consumed, so that the builder holds the only
            // reference to its tables (a compile's snapshot in memory is also held by the
            // compile: the builder then copies what it appends to, which costs time only).
            let opened = openedSnapshots.removeValue(forKey: path)
                ?? Result { () throws(SnapshotError) in try PackSnapshot.open(at: path, for: pack) }
            do throws(SnapshotError) {
                let snapshot = try (consume opened).get()
                if append(consume snapshot, of: pack, from: path, namespaces: &namespaces) { return }
            } catch .missing {
            } catch {
                snapshotNotices.append(.warning(error.diagnosticID,
                    "\(error); reading the imported files instead (run 'symkb pack compile \(Self.folder(of: path))')",
                    at: SourceLocation(file: path, line: 1, column: 1)))
                diagnostics.append(snapshotNotices[snapshotNotices.count - 1])
            }
        }
        let mark = builder.startSegment()
        let before = builder.entityCount, firstImported = builder.assertionCount
        var importDiagnostics: [Diagnostic] = []
        // Read and parsed side by side (an ontology and its annotations), and added in order, each
        // as soon as it is ready (the ontology while the annotations are still being scanned),
        // then freed.
        let imports = ImportPreparation.importers(of: pack)
        // Those started ahead (``preparing``) are the compiled pack's.
        let ahead = compiling == pack.id ? preparing : nil
        // When the pack is compiled, the names of what each file but the last added are collected
        // on another core while the next file is added (importers only add entities): the
        // ontology's terms while its annotations are added.
        var earlyNames: BackgroundTask<NameTable.Collector>?
        func add(_ index: Int, _ prepared: PreparedImport) {
            importDiagnostics += prepared.contribute(&builder)
            // What a parsed file holds (an ontology is ~10^6 small values) is kept when the pack
            // is compiled, for the compile to hand back (``parsedImports``); otherwise it is
            // freed on another core while the next file is added: the worker's block is (in
            // practice) the last to let go of it; if it ran first, this thread would free it.
            if compiling == pack.id {
                parsedImports.append(prepared)
            } else {
                DispatchQueue.global().async { withExtendedLifetime(prepared) {} }
            }
            if compiling == pack.id, index < imports.count - 1 {
                let before = earlyNames, added = builder.entities(since: mark)
                earlyNames = BackgroundTask.started {
                    var names = before?.take() ?? NameTable.Collector(tiers: Set(NameTable.Tier.allCases))
                    names.collect(added)
                    return names
                }
            }
        }
        if let ahead {
            for index in imports.indices { add(index, ahead.prepared(index)) }
        } else {
            forEachPrepared(imports.count) { imports[$0].importer.prepare(imports[$0].file) } consume: { add($0, $1) }
        }
        diagnostics += importDiagnostics
        var prefixes: [String] = []
        var previous: Substring = ""
        for id in builder.entityIDs(from: before) {
            guard let colon = id.utf8.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let prefix = id[..<colon]
            if prefix == previous { continue }  // ids of one prefix come in runs
            previous = prefix
            if namespaces[String(prefix)] == nil { prefixes.append(String(prefix)) }
            claim(String(prefix), for: pack, example: String(id), namespaces: &namespaces)
        }
        // The early names' thread is joined on every path: none outlives the import.
        defer { earlyNames?.wait() }
        guard compiling == pack.id, !importDiagnostics.hasErrors else { return }
        do throws(GraphError) {
            var segment = try builder.segment(since: mark)
            // What the snapshot stores, made on both cores: the ranking tables on this one, the
            // names of the last file's entities collected on the other; then, by whichever half
            // comes to them first, the name table's tiers sorted, the entities encoded as the
            // file's records (which the load that follows reads as it reads the file's) and the
            // assertion indexes the writer needs. Which half ends first varies from run to run.
            let alone = segment, declarations = builder.declarations, collected = earlyNames
            let records = ReadySlot<EntityRecords>(), indexes = ReadySlot<SegmentCoding.AssertionIndexes>()
            let shared = SharedJobs([
                { records.fill(EntityRecords(encoding: alone.entities)) },
                { indexes.fill(SegmentCoding.AssertionIndexes(of: alone)) },
            ])
            let (tables, names) = parallelPair {
                let tables = Result { () throws(GraphError) in try Self.annotationTables(of: alone, declaredBy: declarations) }
                shared.runRemaining()
                return tables
            } _: {
                defer { shared.seal() }  // on every path: the other half may be waiting for jobs
                var names = collected?.take() ?? NameTable.Collector(tiers: Set(NameTable.Tier.allCases))
                names.collect(alone.entities)
                // The largest tier first and the others last: the records, the longest job after
                // it, are not left to run alone at the end.
                let sorting = names.sorting()
                shared.add(first: Array(sorting.jobs.prefix(1)), last: Array(sorting.jobs.dropFirst()))
                shared.seal()
                shared.runRemaining()
                return sorting
            }
            let (computed, isAAcyclic) = try tables.get()
            segment.annotationTables = computed.map(AnnotationTables.Stored.init)
            // The check that follows need not search the import's own is_a edges for cycles again.
            if isAAcyclic { compiledAcyclicIsA = firstImported..<(firstImported + segment.assertions.count) }
            segment.nameTable = names.table()
            segment.entities = EntityStore(records: records.take())
            // Held in memory for the load that follows, the import is read as its file will be.
            let assertionIndexes = indexes.take()
            segment.assertions = segment.assertions.listing(assertionIndexes.lists)
            let snapshot = PackSnapshot(segment: segment, diagnostics: importDiagnostics, namespaces: prefixes)
            compiled = snapshot
            whenCompiled?(snapshot, assertionIndexes)
        } catch {
            diagnostics.append(.error(error.diagnosticID, "cannot compile pack '\(pack.id)': \(error)", at: pack.manifest.location))
        }
    }

    /// The ranking tables of a compiled segment on its own (stored in its snapshot, so a graph that
    /// loads it adopts them instead of computing its own), `nil` when it has no `is_a` or a cycle
    /// in it; and whether its `is_a` edges are known to have no cycle: computing the tables
    /// followed every edge that is not negated, and none is negated.
    private static func annotationTables(
        of segment: GraphSegment, declaredBy builder: GraphBuilder
    ) throws(GraphError) -> (tables: AnnotationTables?, isAAcyclic: Bool) {
        var alone = builder.declarations
        try alone.append(segment)
        return AnnotationTables.computeChecking(graph: alone.build(), requireAcyclic: true)
    }

    /// Appends a snapshot's segment; on refusal (an id another pack defines, a relation no longer
    /// declared) warns and returns false, having changed nothing.
    private mutating func append(
        _ snapshot: consuming PackSnapshot, of pack: PackContent, from path: String, namespaces: inout [String: String]
    ) -> Bool {
        // Hand the segment over without a copy: the builder takes its arrays as they are.
        var segment = GraphSegment.empty
        swap(&segment, &snapshot.segment)
        do throws(GraphError) {
            try builder.append(consume segment)
        } catch {
            snapshotNotices.append(.warning(error.diagnosticID,
                "snapshot not used: \(error); reading the imported files instead",
                at: SourceLocation(file: path, line: 1, column: 1)))
            diagnostics.append(snapshotNotices[snapshotNotices.count - 1])
            return false
        }
        diagnostics += snapshot.diagnostics
        for prefix in snapshot.namespaces { claim(prefix, for: pack, example: nil, namespaces: &namespaces) }
        packsFromSnapshots.append(pack.id)
        return true
    }

    /// Gives an imported id prefix to a pack, or reports that another pack owns it.
    private mutating func claim(_ prefix: String, for pack: PackContent, example: String?, namespaces: inout [String: String]) {
        if let owner = namespaces[prefix], owner != pack.id {
            diagnostics.append(.error(.namespaceOwned,
                "the import defines ids in namespace '\(prefix)'" + (example.map { " (e.g. \($0))" } ?? "")
                    + ", which belongs to pack '\(owner)'",
                at: pack.manifest.imports.first?.location ?? pack.manifest.location))
        } else {
            namespaces[prefix] = pack.id
        }
    }

    private static func folder(of path: String) -> String {
        (path as NSString).deletingLastPathComponent
    }

    private mutating func addExtensions(of pack: PackContent, namespaces: [String: String]) {
        for record in pack.extensions {
            if let source = record.source { citedSources[pack.id, default: []].insert(source) }
            guard checkVisibility(of: EntityReference(id: record.id, location: record.location), from: pack, namespaces: namespaces)
            else { continue }
            // An entity keeps the first definition it is given (its own pack's, or an earlier
            // extension's): a later one is not used, and says so (it was dropped without a word).
            if record.definition != nil, let existing = builder.entity(withID: record.id), existing.definition != nil {
                diagnostics.append(.warning(.unusedDefinition,
                    "\(record.id) has a definition already; this extension's definition is not used (an entity keeps the first it is given)",
                    at: record.location))
            }
            do throws(GraphError) {
                try builder.extendEntity(id: record.id, synonyms: record.synonyms, xrefs: record.xrefs, definition: record.definition,
                                          mappings: record.mappings)
            } catch {
                if rejectedEntities.contains(record.id) { continue }
                report(error, at: record.location, firstKey: record.id, candidates: builder.entityIDs)
            }
        }
    }

    private mutating func addAssertions(of pack: PackContent, namespaces: [String: String]) {
        var citedSources = self.citedSources[pack.id] ?? []
        // Each triple this pack states, whether it states absence, and where (first statement).
        var stated: [String: (absent: Bool, location: SourceLocation)] = [:]
        for record in pack.assertions {
            guard let (relation, isInverse) = builder.relation(named: record.relation) else {
                // Cited even when the assertion is refused: the source is in use, the mistake is elsewhere.
                if let source = record.source { citedSources.insert(source) }
                diagnostics.append(Diagnostic(
                    .error, .unknownRelation, "unknown relation '\(record.relation)'", at: record.relationLocation,
                    suggestions: suggestions(record.relation, among: builder.relationNames, described: builder.describedRelations)))
                continue
            }
            var references = [record.subject] + record.objects
            references = references.filter { checkVisibility(of: $0, from: pack, namespaces: namespaces) }
            guard references.count == record.objects.count + 1 else { continue }
            var allKnown = true
            for reference in references where builder.entityID(for: reference.id) == nil {
                allKnown = false
                if rejectedEntities.contains(reference.id) { continue }
                diagnostics.append(Diagnostic(
                    .error, .unknownEntity, "unknown entity '\(reference.id)'", at: reference.location,
                    suggestions: suggestions(reference.id, among: builder.entityIDs)))
            }
            // Cited even when the assertion is refused: the source is in use, the mistake is elsewhere.
            if let source = record.source { citedSources.insert(source) }
            guard allKnown else { continue }
            let provenance = Provenance(pack: pack.id, source: record.source ?? "", locator: record.locator)
            for object in record.objects {
                checkDomainAndRange(relation, isInverse: isInverse, subject: record.subject, object: object)
                // One triple stated both ways (read forwards, whichever name of the relation was used).
                let (from, to) = isInverse ? (object.id, record.subject.id) : (record.subject.id, object.id)
                let triple = "\(from)\u{0}\(relation.name)\u{0}\(to)", absent = record.qualifiers.statesAbsence
                if let first = stated[triple], first.absent != absent {
                    diagnostics.append(.warning(.contradictoryAssertions,
                        "this assertion states that '\(record.subject.id) \(record.relation) \(object.id)' "
                            + (absent ? "does not hold" : "holds") + ", and another of this pack that it "
                            + (absent ? "does" : "does not") + ": questions would answer both ways",
                        at: object.location, notes: [.note("the other is here", at: first.location)]))
                } else if stated[triple] == nil {
                    stated[triple] = (absent, object.location)
                }
                do throws(GraphError) {
                    try builder.addAssertion(
                        subject: record.subject.id, relation: record.relation, object: object.id,
                        qualifiers: record.qualifiers, provenance: provenance)
                    assertionLocations.exact[builder.assertionCount - 1] = object.location
                } catch {
                    report(error, at: object.location, firstKey: object.id, candidates: builder.entityIDs)
                }
            }
        }
        // A data file that failed to read may hold the assertions that cite it.
        for source in pack.manifest.sources where !citedSources.contains(source.id) && !pack.leftItemsOut {
            diagnostics.append(.warning(.unusedSource, "source '\(source.id)' is declared but no assertion cites it", at: source.location))
        }
    }

    /// A pack may refer to its own entities and to those of packs it declares as dependencies.
    private mutating func checkVisibility(
        of reference: EntityReference, from pack: PackContent, namespaces: [String: String]
    ) -> Bool {
        guard let colon = reference.id.firstIndex(of: ":") else { return true }
        let namespace = String(reference.id[..<colon])
        if namespace == pack.manifest.namespace { return true }
        guard let owner = namespaces[namespace] ?? namespacesElsewhere[namespace] else {
            diagnostics.append(.error(.unknownNamespace,
                "unknown namespace '\(namespace)' in '\(reference.id)': no loaded pack uses it; "
                    + "if a pack defines or imports it, add that pack to 'depends' in pack.yaml", at: reference.location))
            return false
        }
        // Its own imports' namespaces (HP of a pack importing hp.obo) and its dependencies'.
        if owner == pack.id || pack.manifest.dependencies.contains(where: { $0.id == owner }) { return true }
        diagnostics.append(.error(.missingDependency,
            "pack '\(pack.id)' refers to '\(reference.id)' of pack '\(owner)' without depending on it; "
                + "add '\(owner)' to 'depends' in pack.yaml", at: reference.location))
        return false
    }

    private mutating func checkDomainAndRange(
        _ relation: RelationType, isInverse: Bool, subject: EntityReference, object: EntityReference
    ) {
        let (from, to) = isInverse ? (object, subject) : (subject, object)
        for (reference, allowed, role) in [(from, relation.domain, "subject"), (to, relation.range, "object")]
        where !allowed.isEmpty {
            guard let kind = builder.kind(ofEntity: reference.id) else { continue }
            if !allowed.contains(where: { builder.kind(kind, isA: $0) }) {
                diagnostics.append(.warning(.domainRange,
                    "'\(reference.id)' is a \(kind), but the \(role) of '\(relation.name)' is expected to be "
                        + allowed.joined(separator: " or "), at: reference.location))
            }
        }
    }

    /// Equivalences the merge refused (both sides in one pack) are warnings, at the entity that
    /// pointed to the other when the pack wrote it (the first 20; then a count).
    /// Identifiers two entities of one pack both list (pack id, identifier), already reported by
    /// ``checkXrefs(of:in:namespaces:)`` where it names both entities.
    private var sharedXrefs: Set<[String]> = []

    /// What a pack's cross-references get wrong that only the loaded packs tell: two entities of
    /// the pack listing the same identifier (a copy-paste mistake: they would be one concept), and
    /// an identifier in a loaded pack's namespace that names no entity there (`HP:505`), or one
    /// only in another case (`hp:0000505`). Warnings: the first 20 of each are located.
    private mutating func checkXrefs(of packs: [PackContent], in graph: KnowledgeGraph, namespaces: [String: String]) {
        var shared = FindingCap(limit: 20), unresolved = FindingCap(limit: 20)
        for pack in packs {
            var firstListing: [String: EntityRecord] = [:]
            for record in pack.entities {
                var seen = Set<String>()
                for (index, xref) in record.entity.xrefs.enumerated() where seen.insert(xref).inserted {
                    if let first = firstListing[xref], first.entity.id != record.entity.id {
                        sharedXrefs.insert([pack.id, xref])
                        if shared.admits(at: record.location) {
                            let firstPlace = first.entity.xrefs.firstIndex(of: xref).map { first.location(ofXref: $0) } ?? first.location
                            diagnostics.append(.warning(.conceptConflict,
                                "'\(record.entity.id)' and '\(first.entity.id)' both list '\(xref)', which would make them one concept; "
                                    + "they stay separate (is one of them a mistake?)",
                                at: record.location(ofXref: index), notes: [.note("'\(first.entity.id)' lists it here", at: firstPlace)]))
                        }
                    } else if firstListing[xref] == nil {
                        firstListing[xref] = record
                    }
                    checkResolved(xref, of: record.entity.id, in: pack, at: record.location(ofXref: index), graph: graph,
                                  namespaces: namespaces, cap: &unresolved)
                }
            }
            // An extension's xrefs (a mapping pack's, as ms-hpo's) merge as an entity's do.
            for record in pack.extensions {
                var seen = Set<String>()
                for (index, xref) in record.xrefs.enumerated() where seen.insert(xref).inserted {
                    checkResolved(xref, of: record.id, in: pack, at: record.location(ofXref: index), graph: graph,
                                  namespaces: namespaces, cap: &unresolved, extending: true)
                }
            }
        }
        if let more = shared.summary(.warning, .conceptConflict, at: nil, { "\($0) more identifiers are listed twice within one pack" }) {
            diagnostics.append(more)
        }
        if let more = unresolved.summary(.warning, .unresolvedXref, at: nil, { "\($0) more cross-references name no loaded entity" }) {
            diagnostics.append(more)
        }
    }

    /// Warns when `xref`, listed for entity `id` of `pack`, lies in another loaded pack's
    /// namespace and names no entity there (nor one the entity merged with: an alt_id). A
    /// lowercase prefix also matches an uppercase namespace (`hp:` for `HP:`), said as a case error.
    private mutating func checkResolved(
        _ xref: String, of id: String, in pack: PackContent, at location: SourceLocation, graph: KnowledgeGraph,
        namespaces: [String: String], cap: inout FindingCap, extending: Bool = false
    ) {
        guard let colon = xref.firstIndex(of: ":") else { return }
        let prefix = String(xref[..<colon])
        let owned = namespaces[prefix] != nil ? prefix
            : prefix == prefix.lowercased() && namespaces[prefix.uppercased()] != nil ? prefix.uppercased() : nil
        guard let owned, let owner = namespaces[owned], owner != pack.id else { return }
        // Resolved: an entity has that id, or the entity merged with one of the owner's that lists
        // it (an alt_id). An extension's xrefs are the extended entity's own: there, a merge with
        // another of the owner's entities tells.
        if graph.entityID(for: xref) != nil { return }
        if let entity = graph.entityID(for: id),
           graph.members(of: entity).contains(where: { member in
               member.pack == owner && member.id != id && (extending || member.xrefs.contains(xref))
           }) { return }
        guard cap.admits(at: location) else { return }
        let cased = owned + xref[colon...]
        let message = cased != xref && graph.entityID(for: cased) != nil
            ? "'\(xref)' differs from '\(cased)' only in case, and concepts merge on exact ids: write '\(cased)'"
            : "'\(xref)' names no entity of pack '\(owner)', which owns the namespace '\(owned)'; it merges with nothing"
        diagnostics.append(.warning(.unresolvedXref, message, at: location))
    }

    private mutating func reportConflicts(in graph: KnowledgeGraph) {
        var cap = FindingCap(limit: 20)
        for conflict in graph.concepts.conflicts where !sharedXrefs.contains([conflict.pack, conflict.identifier]) {
            let entity = graph.statedEntities[conflict.entity.position], other = graph.statedEntities[conflict.other.position]
            let location = definitions[entity.id] ?? definitions[other.id]
            guard cap.admits(at: location) else { continue }
            diagnostics.append(.warning(.conceptConflict,
                "'\(entity.id)' and '\(other.id)' share the identifier '\(conflict.identifier)', but pack '\(conflict.pack)' "
                    + "holds both sides, so they stay separate concepts; map one with close_match if they differ",
                at: location))
        }
        if let more = cap.summary(.warning, .conceptConflict, at: nil, { "\($0) more identifiers are shared within one pack" }) {
            diagnostics.append(more)
        }
    }

    private func unknownKind(_ kind: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .unknownKind, "unknown kind '\(kind)'", at: location,
                   suggestions: suggestions(kind, among: builder.kindNames, described: builder.describedKinds))
    }

    /// The closest spelling among a vocabulary's names, else the name whose words say what the
    /// word says (`leads_to` → `may_lead_to`, `disorder` → `condition`).
    private func suggestions(_ word: String, among names: [String], described: [(name: String, description: String)]) -> [String] {
        let spelt = suggestions(word, among: names)
        return spelt.isEmpty ? Spelling.byMeaning(word, among: described) : spelt
    }

    /// The closest candidates; qualified ids are compared by their slugs within the same
    /// namespace, so the shared prefix does not make everything look close.
    private func suggestions(_ word: String, among candidates: [String]) -> [String] {
        guard let colon = word.firstIndex(of: ":") else { return Array(Spelling.closest(to: word, among: candidates).prefix(1)) }
        let namespace = word[...colon]
        let slugs = candidates.filter { $0.hasPrefix(namespace) }.map { String($0.dropFirst(namespace.count)) }
        return Spelling.closest(to: String(word[word.index(after: colon)...]), among: slugs).prefix(1).map { namespace + $0 }
    }

    private mutating func report(_ error: GraphError, at location: SourceLocation, firstKey: String, candidates: [String]) {
        switch error {
        case .duplicateKind, .duplicateRelation, .duplicateEntity:
            // The name defined twice may be a relation's inverse (inverse: triggers), not its name.
            let key = if case let .duplicateRelation(name, _) = error { "relation " + name } else { firstKey }
            let notes = definitions[key].map { [Diagnostic.note("first defined here", at: $0)] } ?? []
            diagnostics.append(.error(error.diagnosticID, error.description, at: location, notes: notes))
        case let .unknownKind(name):
            diagnostics.append(unknownKind(name, at: location))
        case let .unknownEntity(name), let .unknownRelation(name):
            diagnostics.append(Diagnostic(.error, error.diagnosticID, error.description, at: location,
                                          suggestions: suggestions(name, among: candidates)))
        case .segmentNotSelfContained:
            diagnostics.append(.error(error.diagnosticID, error.description, at: location))
        }
    }
}

/// Where assertions were written, by position in the builder.
struct AssertionLocations {
    /// A pack's own assertions: the line of each.
    var exact: [Int: SourceLocation] = [:]
    /// An import's assertions: the imported file, for a range of positions.
    var ranges: [(Range<Int>, SourceLocation)] = []

    func location(of position: Int) -> SourceLocation? {
        exact[position] ?? ranges.first { $0.0.contains(position) }?.1
    }
}
