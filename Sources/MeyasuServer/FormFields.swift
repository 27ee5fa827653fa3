import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The fields of a URL-encoded form body (or query string), in order; a name may repeat.
struct FormFields: Sendable {
    private(set) var pairs: [(String, String)] = []

    init(_ body: ByteBuffer) {
        self.init(string: String(buffer: body))
    }

    init(string: String) {
        for part in string.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(pieces[0])
            let value = pieces.count > 1 ? Self.decode(pieces[1]) : ""
            if let name, let value { pairs.append((name, value)) }
        }
    }

    /// The first value of `name`, if present.
    func first(_ name: String) -> String? {
        pairs.first { $0.0 == name }?.1
    }

    /// The value of `name` trimmed, nil when absent or blank.
    func value(_ name: String) -> String? {
        guard let value = first(name)?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

extension Request {
    /// The body of a URL-encoded form (already collected by `CSRFMiddleware`).
    mutating func formFields() async throws -> FormFields {
        do {
            return FormFields(try await collectBody(upTo: 1024 * 1024))
        } catch {
            throw PortalError(.tooLarge, "the form is larger than 1 MB; shorten the text.")
        }
    }

    /// The query string's fields.
    var query: FormFields {
        FormFields(string: uri.query ?? "")
    }
}

/// JSON answers of the API.
enum JSONBody {
    static func response(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return text(String(decoding: data, as: UTF8.self), status: status)
    }

    /// A JSON text already rendered (the library's renderers).
    static func text(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}

/// A download: a file name (ASCII, plus RFC 5987 UTF-8 for the Japanese one) and its bytes.
enum Download {
    static func response(_ text: String, contentType: String, fileName: String, asciiName: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? asciiName
        headers[.contentDisposition] = "attachment; filename=\"\(asciiName)\"; filename*=UTF-8''\(encoded)"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
