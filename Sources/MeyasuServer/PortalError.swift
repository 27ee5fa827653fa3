import Foundation
import HTTPTypes
import Hummingbird
import Meyasu

/// A refusal by the portal itself (not by the workflow or the store), with the HTTP status it
/// maps to.
public struct PortalError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Not signed in.
        case unauthorized
        /// Signed in, but the role may not use this page.
        case forbidden
        /// No such page or record (also what another department's proposal looks like).
        case notFound
        /// A form or query value that is not usable.
        case badRequest
        /// The write carried no valid CSRF token.
        case csrf
        /// The upload is larger than `portal.upload_limit_mb`.
        case tooLarge
        /// Too many requests are waiting on long work already (`BlockingWork`).
        case overloaded
        /// The installation is broken.
        case `internal`
    }

    public var code: Code
    public var message: String
    public var description: String { message }

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// Every error the portal can meet, as an HTTP status and one Japanese-or-English sentence for
/// the page: the one place errors become statuses (STYLE 3). Messages never carry a cell's
/// content: the library's errors are written that way.
enum ErrorMapping {
    static func status(_ error: any Error) -> HTTPResponse.Status {
        switch error {
        case let error as PortalError:
            switch error.code {
            case .unauthorized: .unauthorized
            case .forbidden, .csrf: .forbidden
            case .notFound: .notFound
            case .badRequest: .badRequest
            case .tooLarge: .contentTooLarge
            case .overloaded: .serviceUnavailable
            case .internal: .internalServerError
            }
        case let error as WorkflowError:
            switch error.code {
            // The portal never tells a department that another's proposal exists.
            case .notFound, .forbidden: .notFound
            case .unknownDepartment, .unknownStatus, .illegalTransition, .reasonRequired, .nothingToDo: .badRequest
            }
        case let error as StoreError:
            switch error.code {
            case .notFound: .notFound
            case .busy: .serviceUnavailable
            case .unusable, .fileUnreadable, .fileRejected: .internalServerError
            }
        case is AccountError: .badRequest
        case is ConfigError: .internalServerError
        case let error as HTTPError: error.status
        default: .internalServerError
        }
    }

    /// The sentence shown for `error`; the library's option names become the form's labels.
    static func message(_ error: any Error) -> String {
        switch error {
        case let error as WorkflowError where error.code == .forbidden || error.code == .notFound:
            return "その提案は見つかりません。"
        case let error as StoreError where error.code == .notFound:
            return "見つかりません。"
        case let error as StoreError where error.code == .busy:
            return "データベースが取り込み中で混み合っています。少し待ってからもう一度お試しください。"
        case let error as WorkflowError: return formLabels(error.message)
        case let error as AccountError: return formLabels(error.message)
        case let error as PortalError where error.code != .internal: return error.message
        case let error as HTTPError where error.status.code < 500: return error.body ?? error.status.reasonPhrase
        default: return "サーバーで問題が起きました。管理者に連絡してください。"
        }
    }

    /// CLI option names in a library message, as the labels of the portal's forms.
    static func formLabels(_ message: String) -> String {
        var text = message
        for (option, label) in [("--reason", "「理由」"), ("--text", "「回答文」"), ("--status", "「状態」"),
                                ("--department", "「所属」"), ("--publish", "「公開する」")] {
            text = text.replacingOccurrences(of: option, with: label)
        }
        return text
    }
}
