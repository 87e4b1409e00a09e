/// The exit statuses of symkb (sysexits.h where one applies).
enum ExitStatus {
    /// A query failed.
    static let queryFailed: Int32 = 1
    /// Bad usage (EX_USAGE).
    static let usage: Int32 = 64
    /// Invalid data, e.g. a pack with errors (EX_DATAERR).
    static let dataError: Int32 = 65
    /// A named input does not exist (EX_NOINPUT).
    static let noInput: Int32 = 66
    /// A tool symkb needs is not installed, e.g. Graphviz for SVG (EX_UNAVAILABLE).
    static let unavailable: Int32 = 69
    /// A file or folder cannot be created: it exists already, or the file system refuses (EX_CANTCREAT).
    static let cannotCreate: Int32 = 73
}
