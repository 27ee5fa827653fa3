import Foundation
import MultipartKit
import NIOCore

/// The parts of a `multipart/form-data` upload (the admin's export upload).
struct MultipartUpload {
    struct Part {
        var name: String?
        var fileName: String?
        var body: ByteBuffer
    }

    let parts: [Part]

    /// Parses `body` with `boundary`.
    /// - Throws: `PortalError(.badRequest)` when it is not a well-formed multipart body.
    init(_ body: ByteBuffer, boundary: String) throws {
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var current = Part(body: ByteBuffer())
        parser.onHeader = { name, value in
            guard name.lowercased() == "content-disposition" else { return }
            current.name = Self.parameter("name", in: value)
            current.fileName = Self.parameter("filename", in: value)
        }
        parser.onBody = { chunk in current.body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(current)
            current = Part(body: ByteBuffer())
        }
        do {
            try parser.execute(body)
        } catch {
            throw PortalError(.badRequest, "the upload is not a well-formed form; choose the file again and resend it.")
        }
        self.parts = parts
    }

    /// The first part called `name`.
    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// The text of the first part called `name`, if any.
    func text(_ name: String) -> String? { part(name).map { String(buffer: $0.body) } }

    /// The boundary of a `multipart/form-data` content type.
    static func boundary(_ contentType: String) -> String? {
        parameter("boundary", in: contentType)
    }

    /// `key=value` or `key="value"` in a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix(key + "=") else { continue }
            var value = String(trimmed.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
