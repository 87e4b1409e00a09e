/// The knowledge packs shipped in `Knowledge/`, embedded into the binary at build time by the
/// `EmbedKnowledge` build-tool plugin (see `Plugins/EmbedKnowledge`).
///
/// This Swift file is the only code in `Knowledge/`; SwiftPM needs one so that the plugin runs.
public enum BundledKnowledge {
    /// Every embedded pack file as `(folder/file.yaml, text)`, sorted by path.
    public static var files: [(path: String, contents: String)] { embeddedFiles }

    /// The packs of ``files`` as read when symkb was built, encoded in Base64 (for
    /// `PackReadAhead`, which decodes them instead of parsing the YAML again).
    public static var compiledPacks: String { embeddedCompiledPacks }
}
