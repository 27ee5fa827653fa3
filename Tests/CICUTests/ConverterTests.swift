import CICU
import Testing

@Suite("ICU converter (CICU)")
struct ConverterTests {
    private func convert(_ bytes: [UInt8], _ name: String = "windows-31j") -> (Int32, [UInt16], Int32) {
        let converter = cicu_converter_open(name)
        #expect(converter != nil)
        defer { cicu_converter_close(converter) }
        var out = [UInt16](repeating: 0, count: 64)
        var errorOffset: Int32 = -1
        let count = cicu_converter_to_utf16(converter, bytes, Int32(bytes.count), &out, Int32(out.count), &errorOffset)
        return (count, Array(out.prefix(max(0, Int(count)))), errorOffset)
    }

    @Test("Decodes CP932, including its own characters ①, ～ and －")
    func decodesCP932() {
        // 提案 ① ～ －
        let (count, units, _) = convert([0x92, 0xF1, 0x88, 0xC4, 0x87, 0x40, 0x81, 0x60, 0x81, 0x7C])
        #expect(count == 5)
        #expect(String(decoding: units, as: UTF16.self) == "提案①～－")
    }

    @Test("Stops at an invalid byte and says where")
    func stopsAtInvalidByte() {
        // "AB" then a lead byte followed by a byte that cannot trail it.
        let (count, _, offset) = convert([0x41, 0x42, 0x81, 0x0A])
        #expect(count == -1)
        #expect(offset == 2)
    }

    @Test("Reports a too-small output buffer")
    func smallBuffer() {
        let converter = cicu_converter_open("windows-31j")
        defer { cicu_converter_close(converter) }
        var out = [UInt16](repeating: 0, count: 1)
        var errorOffset: Int32 = 0
        let bytes: [UInt8] = [0x41, 0x42, 0x43]
        #expect(cicu_converter_to_utf16(converter, bytes, 3, &out, 1, &errorOffset) == -2)
    }

    @Test("Unknown converter names give NULL")
    func unknownName() {
        #expect(cicu_converter_open("no-such-encoding") == nil)
    }

    @Test("Reports ICU's version")
    func version() {
        let version = String(cString: cicu_version())
        #expect(version.split(separator: ".").count == 2)
    }
}

@Suite("ICU converter to UTF-8 (CICU)")
struct ConverterUTF8Tests {
    @Test("Converts CP932 straight to UTF-8 and stops at invalid bytes")
    func toUTF8() {
        let converter = cicu_converter_open("windows-31j")
        defer { cicu_converter_close(converter) }
        var scratch = [UInt16](repeating: 0, count: 16)
        var out = [UInt8](repeating: 0, count: 48)
        var errorOffset: Int32 = -1
        let good: [UInt8] = [0x92, 0xF1, 0x88, 0xC4, 0x87, 0x40, 0x41]  // 提案①A
        let count = cicu_converter_to_utf8(converter, good, Int32(good.count), &scratch, 16, &out, 48, &errorOffset)
        #expect(count == 10)
        #expect(String(decoding: out.prefix(Int(max(0, count))), as: UTF8.self) == "提案①A")
        let bad: [UInt8] = [0x41, 0x81, 0x7F]
        #expect(cicu_converter_to_utf8(converter, bad, 3, &scratch, 16, &out, 48, &errorOffset) == -1)
        #expect(cicu_converter_to_utf8(converter, good, Int32(good.count), &scratch, 16, &out, 4, &errorOffset) == -2)
    }
}
