import Foundation
import GRDB
@testable import Meyasu
import MeyasuSamples
import Testing

/// The choices column is read without a JSONDecoder; it must read exactly what JSONDecoder reads.
@Suite("ChoicesJSON")
struct ChoicesJSONTests {
    static let tricky: [[ProposalSubmission.ChoiceField]] = [
        [],
        [ProposalSubmission.ChoiceField(field: "kind", label: "提案の種類", values: ["一般提案"])],
        [ProposalSubmission.ChoiceField(field: "category", label: "分類", values: ["事務処理の改善", "働き方・職場環境"]),
         ProposalSubmission.ChoiceField(field: "kind", label: "提案の種類", values: [])],
        [ProposalSubmission.ChoiceField(field: "q\"uote", label: "back\\slash/ and \n newline\t tab \u{01} ctl",
                                        values: ["😀 astral", "\u{FFFF}", "", "a,b]}[{"])],
    ]

    @Test("Reads what Meyasu writes and what JSONEncoder writes, as JSONDecoder does", arguments: tricky)
    func sameAsDecoder(_ choices: [ProposalSubmission.ChoiceField]) throws {
        // As ProposalColumns writes the column.
        var ours = "["
        for (index, choice) in choices.enumerated() {
            if index > 0 { ours += "," }
            ours += "{\"field\":" + JSONText.quote(choice.field) + ",\"label\":" + JSONText.quote(choice.label)
                + ",\"values\":[" + choice.values.map(JSONText.quote).joined(separator: ",") + "]}"
        }
        ours += "]"
        let encoded = String(decoding: try JSONEncoder().encode(choices), as: UTF8.self)
        for text in [ours, encoded, " " + encoded.replacingOccurrences(of: ",", with: " , ") + "\n"] {
            let expected = try JSONDecoder().decode([ProposalSubmission.ChoiceField].self, from: Data(text.utf8))
            #expect(ChoicesJSON.decode(text.utf8) == expected, "\(text)")
            #expect(ProposalColumns.decodeChoices(text) == expected)
        }
    }

    @Test("Anything unexpected is left to JSONDecoder (nil)", arguments: [
        "", "[", "[{}]", "{\"field\":\"a\"}", "[{\"field\":\"a\",\"label\":\"b\"}]", "[{\"field\":1,\"label\":\"b\",\"values\":[]}]",
        "[{\"field\":\"a\",\"label\":\"b\",\"values\":[]}] x", "[{\"field\":\"a\",\"label\":\"b\",\"values\":[\"\\ud800\"]}]",
        "[{\"field\":\"a\",\"label\":\"b\",\"values\":[\"\\q\"]}]", "[{\"field\":\"a\",\"label\":\"b\",\"values\":[],\"extra\":\"c\"}]",
        "[{\"field\":\"a\u{01}\",\"label\":\"b\",\"values\":[]}]",
    ])
    func refuses(_ text: String) {
        #expect(ChoicesJSON.decode(text.utf8) == nil)
    }

    @Test("Every stored proposal of the samples reads the same both ways")
    func samples() throws {
        let store = try MeyasuStore()
        let importer = try Fixtures.importer(store)
        for export in SampleFiles.proposalExports { _ = try importer.importFile(at: export.path) }
        let columns = try store.read { db in try String.fetchAll(db, sql: "SELECT choices FROM proposal") }
        #expect(columns.count > 300)
        for text in columns {
            #expect(ChoicesJSON.decode(text.utf8) == (try JSONDecoder().decode([ProposalSubmission.ChoiceField].self, from: Data(text.utf8))))
        }
    }
}
