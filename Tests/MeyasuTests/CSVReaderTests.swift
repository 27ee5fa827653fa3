import Foundation
import Testing
@testable import Meyasu

@Suite("CSVReader")
struct CSVReaderTests {
    /// Reads every record of `bytes` (with a small chunk size, so records cross chunk borders).
    private func records(_ bytes: [UInt8], chunkSize: Int = 7, maxCell: Int = 1 << 20, maxLine: Int = 1 << 20) throws -> [CSVRecord] {
        let folder = TemporaryFolder()
        let file = try ByteFile(path: folder.write("t.csv", bytes))
        let reader = try CSVReader(file: file, maxCellBytes: maxCell, maxLineBytes: maxLine, chunkSize: chunkSize)
        var out: [CSVRecord] = []
        while let record = try reader.next() { out.append(record) }
        return out
    }

    private func cells(_ record: CSVRecord) -> [String] {
        (0..<record.cellCount).map { String(decoding: record.cell($0), as: UTF8.self) }
    }

    private func read(_ text: String, chunkSize: Int = 7) throws -> [CSVRecord] {
        try records(Array(text.utf8), chunkSize: chunkSize)
    }

    @Test("Reads CRLF and LF records, mixed, and a last record without a line end", arguments: [1, 2, 7, 4096])
    func lineEnds(chunkSize: Int) throws {
        let result = try read("a,b\r\nc,d\ne,f", chunkSize: chunkSize)
        #expect(result.map(cells) == [["a", "b"], ["c", "d"], ["e", "f"]])
        #expect(result.map(\.line) == [1, 2, 3])
        #expect(result.map(\.number) == [1, 2, 3])
    }

    @Test("Keeps commas, doubled quotes and line breaks inside quoted cells", arguments: [1, 3, 4096])
    func quotedCells(chunkSize: Int) throws {
        let result = try read("\"a,1\",\"say \"\"hi\"\"\",\"x\r\ny\nz\"\r\nnext,row\r\n", chunkSize: chunkSize)
        #expect(result.map(cells) == [["a,1", "say \"hi\"", "x\r\ny\nz"], ["next", "row"]])
        // The second record starts on physical line 4: the first spans lines 1–3.
        #expect(result.map(\.line) == [1, 4])
    }

    @Test("Skips blank lines and rows of empty cells, counting their lines")
    func blankLines() throws {
        let result = try read("h1,h2\r\n\r\n,\r\n\na,b\r\n")
        #expect(result.map(cells) == [["h1", "h2"], ["a", "b"]])
        #expect(result.map(\.line) == [1, 5])
    }

    @Test("Keeps empty cells, including a trailing one")
    func emptyCells() throws {
        #expect(try read("a,,c,\n").map(cells) == [["a", "", "c", ""]])
        #expect(try read("\"\",b\n").map(cells) == [["", "b"]])
    }

    @Test("Reports an unterminated quote at the end of the file and keeps the records before it")
    func unterminatedAtEnd() throws {
        let result = try read("a,b\nc,\"never closed\nmore")
        #expect(result.count == 2)
        #expect(result[0].problem == nil)
        #expect(result[1].problem == .unterminatedQuote)
        #expect(result[1].line == 2)
    }

    @Test("A runaway quote costs one row: reading resumes on the line after its start")
    func runawayQuote() throws {
        var text = "h1,h2\n1,\"open\n"
        for index in 2...40 { text += "\(index),ok\n" }
        let result = try records(Array(text.utf8), chunkSize: 16, maxCell: 64)
        #expect(result[1].problem == .unterminatedQuote)
        #expect(result[1].line == 2)
        // Every later line comes back as its own record.
        let rest = result.dropFirst(2)
        #expect(rest.first.map(cells) == ["2", "ok"])
        #expect(rest.count == 39)
        #expect(rest.allSatisfy { $0.problem == nil })
    }

    @Test("Reports a quote inside an unquoted cell")
    func quoteInUnquoted() throws {
        let result = try read("a,b\"c,d\nx,y\n")
        #expect(result[0].problem == .quoteInUnquotedCell(1))
        #expect(result[1].problem == nil)
    }

    @Test("Reports text after a closing quote")
    func textAfterQuote() throws {
        let result = try read("\"a\"b,c\nx,y\n")
        #expect(result[0].problem == .textAfterClosingQuote(0))
        #expect(result[1].problem == nil)
    }

    @Test("Rejects a line longer than the limit without a line end")
    func endlessLine() throws {
        let bytes = Array(repeating: UInt8(ascii: "a"), count: 5000)
        #expect(throws: IngestError.self) { try records(bytes, chunkSize: 512, maxLine: 1024) }
        // A long line inside a quoted cell without any line end is rejected too.
        #expect(throws: IngestError.self) { try records([0x22] + bytes, chunkSize: 512, maxCell: 1024, maxLine: 1024) }
    }

    @Test("Lone CR record ends (old Mac exports) work")
    func loneCR() throws {
        let result = try read("a,b\rc,d\r")
        #expect(result.map(cells) == [["a", "b"], ["c", "d"]])
        #expect(result.map(\.line) == [1, 2])
    }

    @Test("A 100 KB cell reads whole")
    func bigCell() throws {
        let big = String(repeating: "改善", count: 20_000)
        let result = try read("a,\"\(big)\"\n", chunkSize: 4096)
        #expect(cells(result[0])[1] == big)
    }
}
