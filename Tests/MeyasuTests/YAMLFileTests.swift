import Foundation
import Testing
@testable import Meyasu

@Suite("YAMLFile: keys a file has that its type does not")
struct YAMLFileTests {
    struct Item: Codable {
        var name: String
        var size: Int?
    }

    struct Document: Codable {
        var title: String
        var items: [Item]
    }

    /// The key `YAMLFile.load` names as unknown; nil when it loads.
    private static func unknown(_ yaml: String) throws -> String? {
        let folder = TemporaryFolder()
        let url = URL(fileURLWithPath: folder.write("doc.yaml", utf8: yaml))
        do {
            _ = try YAMLFile.load(Document.self, from: url, what: "a test document")
            return nil
        } catch let error as ConfigError {
            let message = error.message
            guard let start = message.range(of: "the key "), let end = message.range(of: " is not known") else {
                Issue.record("not an unknown key: \(message)")
                return nil
            }
            return String(message[start.upperBound..<end.lowerBound])
        }
    }

    @Test("None in a file of known keys, optional ones left out included")
    func known() throws {
        #expect(try Self.unknown("title: a\nitems:\n  - name: x\n    size: 2\n  - name: y\n") == nil)
    }

    @Test("A typo at the top, in a list's item, and the first of two in key order")
    func typos() throws {
        #expect(try Self.unknown("title: a\ntitel: b\nitems: []\n") == "`titel`")
        #expect(try Self.unknown("title: a\nitems:\n  - name: x\n  - name: y\n    sise: 3\n") == "`items[1].sise`")
        #expect(try Self.unknown("zeta: 1\ntitle: a\nalpha: 2\nitems: []\n") == "`alpha`")
    }

    @Test("An unknown key left empty or null is no value, so no error; given quoted text, it is one")
    func nulls() throws {
        #expect(try Self.unknown("title: a\nnote:\nitems: []\n") == nil)
        #expect(try Self.unknown("title: a\nnote: ~\nother: null\nitems: []\n") == nil)
        #expect(try Self.unknown("title: a\nnote: \"\"\nitems: []\n") == "`note`")
        #expect(try Self.unknown("title: a\nnote: 'null'\nitems: []\n") == "`note`")
    }
}
