import Foundation
import Hummingbird

/// Files and vector store files (API reference B.6). `DELETE /v1/vector_stores/{id}/files/{file_id}`
/// and `DELETE /v1/files/{id}` are OpenAI's real routes though the reference's table leaves them
/// out: they answer `{"id", "object": "vector_store.file.deleted" | "file", "deleted": true}`.
extension OpenAIFakeState {
    static let purposes: Set<String> = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"]

    /// `POST /v1/files` (multipart: `file`, `purpose`).
    func uploadFile(_ request: Request) async -> Response {
        let (immediate, _) = await admit(request, .uploadFile)
        if let immediate { return immediate }
        var request = request
        guard let boundary = MultipartForm.boundary(contentType: request.headers[.contentType]) else {
            return OpenAIErrors.invalidRequest(
                "Invalid Content-Type header (\(request.headers[.contentType] ?? "none")), expected multipart/form-data.",
                param: nil, code: nil)
        }
        guard let buffer = try? await request.collectBody(upTo: FakeJSON.maximumBodySize),
              let form = MultipartForm(body: Array(buffer.readableBytesView), boundary: boundary)
        else { return OpenAIErrors.invalidRequest("The multipart body could not be parsed.", param: nil, code: nil) }
        guard let purpose = form.part("purpose")?.text else { return OpenAIErrors.missing("purpose") }
        guard Self.purposes.contains(purpose) else {
            return OpenAIErrors.invalidValue(
                "purpose", "Invalid value for 'purpose': '\(purpose)'. Supported values are: \(Self.purposes.sorted().map { "'\($0)'" }.joined(separator: ", ")).")
        }
        guard let part = form.part("file"), let filename = part.filename, !filename.isEmpty else { return OpenAIErrors.missing("file") }
        guard !part.bytes.isEmpty else { return OpenAIErrors.invalidValue("file", "File is empty.") }
        let file = files.withLock { $0.upload(filename: filename, purpose: purpose, bytes: part.bytes) }
        return FakeJSON.response(status: .ok, [
            "id": file.id, "object": "file", "bytes": file.bytes.count, "created_at": file.createdAt,
            "filename": file.filename, "purpose": file.purpose, "status": "processed", "status_details": NSNull(),
            "expires_at": NSNull(),
        ])
    }

    /// `DELETE /v1/files/{id}`.
    func deleteFile(_ request: Request, id: String) async -> Response {
        let (immediate, _) = await admit(request, .deleteFile)
        if let immediate { return immediate }
        guard files.withLock({ $0.deleteFile(id: id) }) else {
            return OpenAIErrors.invalidRequest("No such File object: \(id)", param: "id", code: nil, status: 404)
        }
        return FakeJSON.response(status: .ok, ["id": id, "object": "file", "deleted": true])
    }

    /// `POST /v1/vector_stores/{id}/files` `{"file_id", "attributes"?}`.
    func attachFile(_ request: Request, storeID: String) async -> Response {
        let (immediate, _) = await admit(request, .attachFile)
        if let immediate { return immediate }
        guard store(id: storeID) != nil else { return OpenAIErrors.vectorStoreNotFound(storeID) }
        guard let body = await FakeJSON.object(from: request) else { return OpenAIErrors.invalidJSON }
        let known: Set<String> = ["file_id", "attributes", "chunking_strategy"]
        if let unknown = body.keys.sorted().first(where: { !known.contains($0) }) {
            return OpenAIErrors.invalidRequest("Unknown parameter: '\(unknown)'.", param: unknown, code: "unknown_parameter")
        }
        guard let fileValue = body["file_id"] else { return OpenAIErrors.missing("file_id") }
        guard let fileID = fileValue as? String else { return OpenAIErrors.invalidType("file_id", expected: "a string") }
        var attributes: [String: OpenAIFileStore.AttributeValue] = [:]
        if let value = body["attributes"], !(value is NSNull) {
            switch Self.attributes(value) {
            case .success(let parsed): attributes = parsed
            case .failure(let rejection): return rejection.response
            }
        }
        let attachment = files.withLock { store -> OpenAIFileStore.Attachment? in
            guard store.files[fileID] != nil else { return nil }
            return store.attach(fileID: fileID, to: storeID, attributes: attributes)
        }
        guard let attachment else {
            return OpenAIErrors.invalidRequest("No file found with id '\(fileID)'.", param: "file_id", code: nil, status: 404)
        }
        return FakeJSON.response(status: .ok, vectorStoreFile(attachment, storeID: storeID, phase: attachment.progress.peek()))
    }

    /// `GET /v1/vector_stores/{id}/files/{file_id}`: counts as one poll of its processing.
    func vectorStoreFile(_ request: Request, storeID: String, fileID: String) async -> Response {
        let (immediate, _) = await admit(request, .vectorStoreFile)
        if let immediate { return immediate }
        guard store(id: storeID) != nil else { return OpenAIErrors.vectorStoreNotFound(storeID) }
        guard let (attachment, phase) = files.withLock({ $0.poll(fileID: fileID, in: storeID) }) else {
            return fileNotInStore(fileID, storeID)
        }
        return FakeJSON.response(status: .ok, vectorStoreFile(attachment, storeID: storeID, phase: phase))
    }

    /// `GET /v1/vector_stores/{id}/files?limit=&order=&after=&before=&filter=`: a cursor list.
    func listVectorStoreFiles(_ request: Request, storeID: String) async -> Response {
        let (immediate, _) = await admit(request, .listVectorStoreFiles)
        if let immediate { return immediate }
        guard store(id: storeID) != nil else { return OpenAIErrors.vectorStoreNotFound(storeID) }
        let query = request.uri.queryParameters
        let limit = query["limit"].map { Int(String($0)) } ?? 20
        guard let limit, (1...100).contains(limit) else {
            return OpenAIErrors.invalidValue("limit", "Invalid 'limit': integer above maximum value. Expected a value <= 100.")
        }
        let order = query["order"].map(String.init) ?? "desc"
        guard order == "asc" || order == "desc" else {
            return OpenAIErrors.invalidValue("order", "Invalid value: '\(order)'. Supported values are: 'asc' and 'desc'.")
        }
        let filter = query["filter"].map(String.init)
        var all = files.withLock { $0.attachments[storeID] ?? [] }.map { ($0, $0.progress.peek()) }
        all.sort { order == "asc" ? $0.0.sequence < $1.0.sequence : $0.0.sequence > $1.0.sequence }
        if let filter { all = all.filter { Self.status($0.1) == filter } }
        if let after = query["after"].map(String.init), let index = all.firstIndex(where: { $0.0.fileID == after }) {
            all = Array(all[(index + 1)...])
        }
        if let before = query["before"].map(String.init), let index = all.firstIndex(where: { $0.0.fileID == before }) {
            all = Array(all[..<index])
        }
        let page = all.prefix(limit)
        return FakeJSON.response(status: .ok, [
            "object": "list", "data": page.map { vectorStoreFile($0.0, storeID: storeID, phase: $0.1) },
            "first_id": page.first.map { $0.0.fileID as Any } ?? NSNull(),
            "last_id": page.last.map { $0.0.fileID as Any } ?? NSNull(), "has_more": all.count > limit,
        ])
    }

    /// `DELETE /v1/vector_stores/{id}/files/{file_id}`: detaches; the file itself stays.
    func detachFile(_ request: Request, storeID: String, fileID: String) async -> Response {
        let (immediate, _) = await admit(request, .detachFile)
        if let immediate { return immediate }
        guard store(id: storeID) != nil else { return OpenAIErrors.vectorStoreNotFound(storeID) }
        guard files.withLock({ $0.detach(fileID: fileID, from: storeID) }) else { return fileNotInStore(fileID, storeID) }
        return FakeJSON.response(status: .ok, ["id": fileID, "object": "vector_store.file.deleted", "deleted": true])
    }

    private func fileNotInStore(_ fileID: String, _ storeID: String) -> Response {
        OpenAIErrors.invalidRequest("No file found with id '\(fileID)' in vector store '\(storeID)'.", param: nil, code: nil, status: 404)
    }

    static func status(_ phase: IndexingProgress.Phase) -> String {
        switch phase {
        case .running: "in_progress"
        case .completed: "completed"
        case .failed: "failed"
        }
    }

    private func vectorStoreFile(_ attachment: OpenAIFileStore.Attachment, storeID: String, phase: IndexingProgress.Phase) -> [String: Any] {
        let size = files.withLock { $0.files[attachment.fileID]?.bytes.count ?? 0 }
        var lastError: Any = NSNull()
        if case .failed(let message) = phase { lastError = ["code": "server_error", "message": message] }
        return [
            "id": attachment.fileID, "object": "vector_store.file", "created_at": attachment.createdAt,
            "usage_bytes": phase == .completed ? size : 0, "vector_store_id": storeID, "status": Self.status(phase),
            "last_error": lastError, "attributes": attachment.attributes.mapValues(\.json),
            "chunking_strategy": ["type": "static", "static": ["max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400]],
        ]
    }

    /// At most 16 keys of at most 64 characters; values are strings (≤ 512), numbers or booleans.
    private static func attributes(_ value: Any) -> Result<[String: OpenAIFileStore.AttributeValue], OpenAIRejection> {
        guard let object = value as? [String: Any] else { return .reject(OpenAIErrors.invalidType("attributes", expected: "an object")) }
        guard object.count <= 16 else {
            return .reject(OpenAIErrors.invalidValue("attributes", "Invalid 'attributes': too many properties. Expected an object with at most 16 properties."))
        }
        var parsed: [String: OpenAIFileStore.AttributeValue] = [:]
        for (key, member) in object {
            guard key.count <= 64 else {
                return .reject(OpenAIErrors.invalidValue("attributes", "Invalid 'attributes': keys must be at most 64 characters."))
            }
            if let flag = FakeJSON.boolean(member) {
                parsed[key] = .bool(flag)
            } else if let number = FakeJSON.number(member) {
                parsed[key] = .number(number)
            } else if let text = member as? String, text.count <= 512 {
                parsed[key] = .string(text)
            } else {
                return .reject(OpenAIErrors.invalidValue(
                    "attributes.\(key)", "Invalid 'attributes.\(key)': expected a string of at most 512 characters, a number or a boolean."))
            }
        }
        return .success(parsed)
    }
}
