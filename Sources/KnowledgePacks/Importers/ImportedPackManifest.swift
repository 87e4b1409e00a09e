import Foundation

/// Writes the manifest of a pack that imports an OBO ontology and, optionally, HPO annotations
/// (what `symkb pack import` creates). The files are referenced by absolute path, not copied.
public enum ImportedPackManifest {
    /// The pack an imported pack depends on (for the `finding` kind and the `is_a` relation).
    static let dependency = "core"

    /// The `pack.yaml` text. `ontology` is the OBO header's `ontology:` (`hp` for the HPO); an
    /// ontology other than the HPO gets a manifest of its own, not the HPO's title and licence.
    public static func text(id: String, obo: String, hpoa: String?, dataVersion: String?, ontology: String? = "hp") -> String {
        let release = dataVersion.map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? "unknown"
        let version = Self.semanticVersion(fromRelease: release)
        if let ontology, ontology != "hp", hpoa == nil {
            let named = quoted(ontology) + " ontology" + (release == "unknown" ? "" : " " + quoted(release))
            return """
                # Written by symkb pack import. The data stays in the file below (not copied): keep it there.
                format: 1
                id: \(id)
                version: \(version)
                title: "\(named)"
                description: >
                  Terms (kind finding) and is_a edges from \((obo as NSString).lastPathComponent).
                license: See the ontology's own licence
                authors: [the authors of \(quoted(ontology))]
                disclaimer: >
                  Not medical advice. The ontology's terms are for research and software work.
                sources:
                  - id: ontology
                    title: "\(named) (\(quoted((obo as NSString).lastPathComponent)))"
                depends:
                  \(dependency): ^1.0.0
                imports:
                  - {format: obo, path: "\(obo)", source: ontology}

                """
        }
        var text = """
            # Written by symkb pack import. The data stays in the files below (not copied): keep them there.
            format: 1
            id: \(id)
            version: \(version)
            title: Human Phenotype Ontology \(release)\(hpoa == nil ? "" : " with disease annotations")
            description: >
              Terms (kind finding) and is_a edges from \((obo as NSString).lastPathComponent)\(hpoa.map { ", and diseases (kind disease) with their annotated phenotypes from \(($0 as NSString).lastPathComponent)" } ?? "").
            license: See https://hpo.jax.org/app/license (the HPO has its own licence)
            authors: [Human Phenotype Ontology Consortium, Monarch Initiative]
            disclaimer: >
              Not medical advice. Rankings and annotations are for research and software work.
            upstream:
              - {name: hpo, version: "\(release)", url: https://hpo.jax.org}
            sources:
              - id: hp-obo
                title: Human Phenotype Ontology \(release) (hp.obo)
                citation: Peter Robinson, Sebastian Koehler, The Human Phenotype Ontology Consortium, and The Monarch Initiative

            """
        if hpoa != nil {
            text += """
                  - id: phenotype-hpoa
                    title: HPO disease annotations \(release) (phenotype.hpoa)
                    citation: The Human Phenotype Ontology Consortium; disease names from OMIM and Orphanet
                    locators: the references (PMID, OMIM, ORPHA, …) of each annotation row

                """
        }
        text += """
            depends:
              \(dependency): ^1.0.0
            imports:
              - {format: obo, path: "\(obo)", source: hp-obo}

            """
        if let hpoa { text += "  - {format: hpoa, path: \"\(hpoa)\", source: phenotype-hpoa}\n" }
        return text
    }

    /// The pack id an import gets unless `--id` says otherwise: `hpo` for the HPO (or a file
    /// whose header names no ontology), else the ontology's name when it is a valid pack id.
    public static func defaultID(ontology: String?) -> String {
        guard let ontology, ontology != "hp" else { return "hpo" }
        let id = ontology.lowercased()
        return PackManifest.isValidID(id) ? id : "ontology"
    }

    /// The `ontology:` of an OBO file's header (its first few kilobytes), e.g. `hp`; without the
    /// file extension some releases write there (the HPO's 2025 `hp.obo` says `ontology: hp.obo`).
    public static func ontology(inHeader head: String) -> String? {
        head.split(separator: "\n").first { $0.hasPrefix("ontology:") }
            .map { line in
                var name = line.dropFirst("ontology:".count).trimmingCharacters(in: .whitespaces)
                for suffix in [".obo", ".owl", ".json"] where name.lowercased().hasSuffix(suffix) && name.count > suffix.count {
                    name.removeLast(suffix.count)
                }
                return name
            }
            .flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Text inside a double-quoted YAML scalar.
    private static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    /// The `data-version:` of an OBO file's header (its first few kilobytes), e.g. `hp/releases/2025-01-16`.
    public static func dataVersion(inHeader head: String) -> String? {
        head.split(separator: "\n").first { $0.hasPrefix("data-version:") }
            .map { $0.dropFirst("data-version:".count).trimmingCharacters(in: .whitespaces) }
    }

    /// `2025-01-16` → `2025.1.16`; anything else → `0.0.0`.
    static func semanticVersion(fromRelease release: String) -> String {
        let parts = release.split(separator: "-").compactMap { Int($0) }
        return parts.count == 3 ? "\(parts[0]).\(parts[1]).\(parts[2])" : "0.0.0"
    }
}
