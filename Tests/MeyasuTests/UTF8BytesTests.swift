import Testing
@testable import Meyasu

@Suite("UTF8Bytes")
struct UTF8BytesTests {
    @Test("Reads and appends a string's UTF-8, small or large, as its utf8 view holds it")
    func reading() {
        for text in ["", "abc", "市民課", String(repeating: "窓口の待ち時間", count: 20), "𠮷野家\n"] {
            #expect(UTF8Bytes.with(text) { Array($0) } == Array(text.utf8))
            var out: [UInt8] = [0x41]
            UTF8Bytes.append(text, to: &out)
            #expect(out == [0x41] + Array(text.utf8))
        }
    }

    @Test("Builds a string from scalar values of one to four bytes, leaving out what is not a scalar")
    func fromScalars() {
        let values: [UInt32] = [0x5E02, 0xD800, 0x20BB7, 0x41, 0xE9, 0x11_0000]
        #expect(UTF8Bytes.string(scalars: values[...]) == "市𠮷Aé")
        #expect(UTF8Bytes.string(scalars: values[2..<4]) == "𠮷A")
        #expect(UTF8Bytes.string(scalars: []) == "")
    }
}
