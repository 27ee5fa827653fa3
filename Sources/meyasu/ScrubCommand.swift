import ArgumentParser
import Foundation
import Meyasu

struct ScrubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scrub",
        abstract: "Redact identifiers in UTF-8 text from stdin to stdout, line by line, for admins to check text.",
        discussion: "E-mail addresses, phone numbers and extensions, URLs with a user or a query, IP addresses, My Number (valid check digit), postal codes after 〒 or 郵便番号 and staff numbers after 職員番号/職番/ID become typed placeholders such as 〔電話番号〕. A count per kind goes to stderr. The same scrubber runs on every imported text field. See docs/privacy.md."
    )

    @Option(name: .long, help: ArgumentHelp("The HR staff list (CSV 職員番号,氏名,ふりがな,所属); default: privacy.roster of the workspace, if there is one.", valueName: "FILE"))
    var roster: String?

    @OptionGroup var workspace: WorkspaceOptions

    func run() throws {
        let staff: Roster? = try mapErrors {
            if let roster { return try Roster.load(from: URL(fileURLWithPath: roster)) }
            // Outside a workspace scrub still works, without a roster.
            guard let space = try? workspace.open() else { return nil }
            return try space.loadRoster()
        }
        let scrubber = PIIScrubber(roster: staff)
        var output = OutputBuffer()
        var total = RedactionCounts()
        try StandardInput.forEachLine { line in
            let (clean, counts) = scrubber.scrub(String(decoding: line, as: UTF8.self))
            total.add(counts)
            try output.write(Array(clean.utf8))
            try output.write(CollectionOfOne(0x0A))
        }
        try output.flush()
        let summary = RedactionKind.allCases.filter { total[$0] > 0 }.map { "\($0.placeholder) \(total[$0])" }
        FileHandle.standardError.write(Data("meyasu scrub: \(total.total) redacted\(summary.isEmpty ? "" : " (" + summary.joined(separator: ", ") + ")")\n".utf8))
    }
}
