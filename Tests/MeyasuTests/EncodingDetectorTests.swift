import Foundation
import Testing
@testable import Meyasu

@Suite("EncodingDetector")
struct EncodingDetectorTests {
    private func sniff(_ bytes: [UInt8], forced: TextEncoding? = nil) throws -> FileSniff {
        let folder = TemporaryFolder()
        return try EncodingDetector.sniff(ByteFile(path: folder.write("x.csv", bytes)), forced: forced)
    }

    private func rejection(_ bytes: [UInt8]) -> String? {
        do {
            _ = try sniff(bytes)
            return nil
        } catch let error as IngestError {
            #expect(error.code == .notAnExport)
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("A UTF-8 byte-order mark means UTF-8")
    func bom() throws {
        let result = try sniff([0xEF, 0xBB, 0xBF] + Array("回答ID\n".utf8))
        #expect(result == FileSniff(encoding: .utf8, bomLength: 3, forced: false))
    }

    @Test("Valid UTF-8 without a BOM is UTF-8")
    func plainUTF8() throws {
        #expect(try sniff(Array("回答ID,件名\n1,会議\n".utf8)).encoding == .utf8)
        #expect(try sniff(Array("id,title\n1,ascii only\n".utf8)).encoding == .utf8)
    }

    @Test("Shift_JIS bytes mean CP932")
    func cp932() throws {
        // 回答ID in CP932.
        #expect(try sniff([0x89, 0xF1, 0x93, 0x9A, 0x49, 0x44, 0x0D, 0x0A]).encoding == .cp932)
    }

    @Test("Mostly-valid UTF-8 with one broken byte stays UTF-8 (that row gets reported)")
    func mostlyUTF8() throws {
        var bytes = Array(String(repeating: "提案です,", count: 200).utf8)
        bytes.append(0xFF)
        #expect(try sniff(bytes).encoding == .utf8)
    }

    @Test("--encoding overrides detection")
    func forced() throws {
        #expect(try sniff(Array("回答ID\n".utf8), forced: .cp932) == FileSniff(encoding: .cp932, bomLength: 0, forced: true))
    }

    @Test("Rejects empty and BOM-only files")
    func empty() {
        #expect(rejection([])?.contains("empty") == true)
        #expect(rejection([0xEF, 0xBB, 0xBF])?.contains("byte-order mark") == true)
    }

    @Test("Rejects UTF-16 with or without a BOM, saying so")
    func utf16() {
        let text = Array("回答ID,件名\r\n1,x\r\n".utf16)
        let le: [UInt8] = [0xFF, 0xFE] + text.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + text.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(rejection(le)?.contains("UTF-16") == true)
        #expect(rejection(be)?.contains("UTF-16") == true)
        let ascii = Array("id,title\r\n1,hello world\r\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(rejection(ascii)?.contains("UTF-16") == true)
    }

    @Test("Rejects a zip (an .xlsx saved by mistake), an old .xls and a PDF")
    func archives() {
        #expect(rejection([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0])?.contains("zip archive") == true)
        #expect(rejection([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0])?.contains(".xls") == true)
        #expect(rejection(Array("%PDF-1.7\n".utf8))?.contains("PDF") == true)
    }

    @Test("Rejects binary data")
    func binary() {
        var generator = SeededGenerator(seed: 42)
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(rejection(bytes)?.contains("binary") == true)
    }

    @Test("One NUL byte in a cell is not binary: the row is reported later")
    func singleNUL() throws {
        #expect(try sniff(Array("回答ID,件名\n1,a\u{0}b\n".utf8)).encoding == .utf8)
    }
}

/// A small deterministic random generator (SplitMix64) for reproducible test data.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
