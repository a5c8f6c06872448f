import KeylessIaC
import KeylessDocs
import KeylessGenerator
import Foundation
import KeylessCatalog
import KeylessModel
import KeylessTestSupport

extension KeylessConfig {
    /// The configuration the repository ships (`docs-src/keyless.yml`), resolved as `make docs` does.
    static func shipped() throws -> KeylessConfig {
        try ConfigLoader.load(TestPaths.packageRoot.appendingPathComponent("docs-src/keyless.yml").path)
    }
}

/// The guide as `make docs` generates it, in every format.
func generateShipped() throws -> Generator.Output {
    let generator = Generator(catalog: KeylessCatalog(), renderers: [MarkdownRenderer(), RSTRenderer(), HTMLRenderer(), MkDocsRenderer()])
    return try generator.generate(try KeylessConfig.shipped())
}
