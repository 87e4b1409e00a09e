import CEditLine
import Foundation
import SymkbShell

/// Line editing on libedit's native histedit API: prompt, emacs key bindings (Up/Down history,
/// Ctrl-R reverse search), and Tab completion.
///
/// Why histedit and not libedit's readline layer: readline's hooks are C globals, which Swift 6
/// strict concurrency rejects without global mutable state. Here all state lives in this one
/// object; libedit's C callbacks reach it through `EL_CLIENTDATA` (an unretained pointer, valid
/// because the object outlives the `EditLine`, freed in `deinit`), and every callback is a
/// capture-less closure, i.e. a plain C function pointer.
final class LineEditor {
    /// What one read produced.
    enum Input {
        case line(String)
        case interrupted
        case endOfFile
    }

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var event = HistEvent()
    private var promptText: UnsafeMutablePointer<CChar>?
    /// Completes the text before the cursor.
    var complete: (String) -> Completer.Completion = { _ in Completer.Completion(replacing: 0, candidates: []) }

    init?(program: String) {
        guard let editLine = symkb_el_init(program), let history = history_init() else { return nil }
        self.editLine = editLine
        self.history = history
        _ = symkb_history_set_size(history, &event, Int32(HistoryFile.limit))
        _ = symkb_history_set_unique(history, &event, 1)
        _ = symkb_el_set_history(editLine, history)
        _ = symkb_el_set_editor(editLine, "emacs")
        _ = symkb_el_set_signal(editLine, 1)
        _ = symkb_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = symkb_el_set_prompt(editLine) { editLine in
            guard let editLine, let editor = LineEditor.from(editLine) else { return nil }
            return editor.promptText
        }
        _ = symkb_el_add_function(editLine, "symkb-complete", "Complete names, relations and commands") { editLine, _ in
            guard let editLine, let editor = LineEditor.from(editLine) else { return UInt8(CC_ERROR) }
            return editor.completeAtCursor()
        }
        _ = symkb_el_bind(editLine, "^I", "symkb-complete")
        // Honour the user's ~/.editrc, as other libedit programs do.
        _ = el_source(editLine, nil)
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(promptText)
    }

    private static func from(_ editLine: OpaquePointer) -> LineEditor? {
        guard let data = symkb_el_get_clientdata(editLine) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    /// Reads one line with a prompt.
    func readLine(prompt: String) -> Input {
        free(promptText)
        promptText = strdup(prompt)
        var count: Int32 = 0
        guard let pointer = el_gets(editLine, &count), count > 0 else {
            if Interrupts.takeInterrupt() { return .interrupted }
            return count < 0 ? .interrupted : .endOfFile
        }
        var line = String(cString: pointer)
        if line.hasSuffix("\n") { line.removeLast() }
        if Interrupts.takeInterrupt() { return .interrupted }
        return .line(line)
    }

    /// Adds an entry to the in-memory history (Up/Down and Ctrl-R find it).
    func remember(_ entry: String) {
        _ = symkb_history_enter(history, &event, entry)
    }

    private func completeAtCursor() -> UInt8 {
        guard let info = el_line(editLine)?.pointee else { return UInt8(CC_ERROR) }
        let length = info.cursor - info.buffer
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: max(0, length))
        let before = String(decoding: bytes, as: UTF8.self)
        let completion = complete(before)
        guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let replaced = String(before.suffix(completion.replacing))
        if let insertion = completion.insertion, insertion.count > replaced.count || completion.candidates.count == 1 {
            el_deletestr(editLine, Int32(replaced.unicodeScalars.count))
            _ = el_insertstr(editLine, insertion)
        }
        guard completion.candidates.count > 1 else { return UInt8(CC_REFRESH) }
        FileHandle.standardOutput.write(Data(("\n" + Self.columns(completion.candidates) + "\n").utf8))
        return UInt8(CC_REDISPLAY)
    }

    /// Candidates laid out in columns that fit an 80-column terminal (at most 60 shown).
    static func columns(_ candidates: [String]) -> String {
        let shown = Array(candidates.prefix(60))
        let width = min(40, (shown.map(\.count).max() ?? 0) + 2)
        let perLine = max(1, 80 / width)
        var lines: [String] = []
        for start in stride(from: 0, to: shown.count, by: perLine) {
            let row = shown[start..<min(start + perLine, shown.count)]
            lines.append(row.map { $0.count >= width ? $0 + " " : $0 + String(repeating: " ", count: width - $0.count) }
                .joined().trimmingCharacters(in: .whitespaces))
        }
        if candidates.count > shown.count { lines.append("… and \(candidates.count - shown.count) more") }
        return lines.joined(separator: "\n")
    }
}
