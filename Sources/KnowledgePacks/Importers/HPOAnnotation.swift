/// One row of an HPO annotation file (`phenotype.hpoa`).
public struct HPOAnnotation: Sendable, Equatable {
    /// `OMIM:619340`, `ORPHA:…`, `DECIPHER:…`.
    public var diseaseID: String
    public var diseaseName: String
    /// Qualifier `NOT`: the disease does not have the phenotype.
    public var isNegated: Bool
    public var phenotypeID: String
    /// References (`PMID:…;OMIM:…`).
    public var references: [String]
    /// Evidence code: IEA, PCS or TAS.
    public var evidence: String
    /// Onset, an HPO term id.
    public var onset: String?
    /// An HPO frequency term, `n/m` or `x%`.
    public var frequency: String?
    /// `male` or `female`.
    public var sex: String?
    /// Modifier HPO terms.
    public var modifiers: [String]
    /// P (phenotype), I (inheritance), C (course), M (modifier), H (past medical history).
    public var aspect: String
    public var biocuration: String
    /// The line in the file.
    public var line: Int

    /// The database of the disease id (the prefix before the colon).
    public var database: Substring { diseaseID.prefix { $0 != ":" } }
}

/// A parsed annotation file.
public struct HPOAnnotationFile: Sendable {
    /// `#key: value` header lines (`version`, `description`, …).
    public var header: [String: String] = [:]
    /// The rows, in file order.
    public var annotations: [HPOAnnotation] = []
}
