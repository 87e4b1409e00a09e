import Foundation

/// Terminal colours, on only when the stream is a terminal, `TERM` is not `dumb` and `NO_COLOR` is unset.
struct Style {
    let enabled: Bool

    static let standardOutput = Style(fileDescriptor: 1)
    static let standardError = Style(fileDescriptor: 2)

    init(fileDescriptor: Int32) {
        let environment = ProcessInfo.processInfo.environment
        enabled = Terminal.isInteractive(fileDescriptor: fileDescriptor) && environment["NO_COLOR"] == nil
    }

    func bold(_ text: String) -> String { enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { enabled ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}
