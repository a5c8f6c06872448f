// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Keyless",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "keyless", targets: ["keyless"]),
        .plugin(name: "GenerateDocs", targets: ["GenerateDocs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
    ],
    targets: [
        // libcmark from Debian's libcmark-dev: renders Markdown and HTML, and gives the AST the RST renderer walks.
        .systemLibrary(
            name: "Ccmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // Value types only: GitHub workflows, AWS IAM documents (with AWS's names and limits), guide content.
        .target(name: "KeylessModel"),
        // Reading and writing text: diagnostics, bounded input files, the one file walker, YAML and JSON
        // emitters and readers, the workflow and policy codecs, SARIF, unified diffs, atomic files. No libcmark.
        .target(
            name: "KeylessSyntax",
            dependencies: ["KeylessModel", .product(name: "Yams", package: "Yams")]
        ),
        // The IAM setup as code: Terraform, CloudFormation and AWS CLI script emitters, each with its reader.
        .target(
            name: "KeylessIaC",
            dependencies: ["KeylessModel", "KeylessSyntax", .product(name: "Yams", package: "Yams")]
        ),
        // How each job gets AWS credentials: every entry (inputs, env at each level, local actions,
        // reusable-workflow secrets, scripts) and every role assumption; the one definition of a stored key.
        .target(
            name: "KeylessCredentials",
            dependencies: ["KeylessModel", "KeylessSyntax", .product(name: "Yams", package: "Yams")]
        ),
        // `keyless check`: the Rule protocol, one registry, one file per rule under Rules/.
        .target(
            name: "KeylessLint",
            dependencies: ["KeylessModel", "KeylessSyntax", "KeylessCredentials", .product(name: "Yams", package: "Yams")]
        ),
        // Reasoning about workflows and policies: trust-policy simulation, claim prediction, doctor.
        .target(
            name: "KeylessAnalysis",
            dependencies: ["KeylessModel", "KeylessSyntax", .product(name: "Yams", package: "Yams")]
        ),
        // `keyless explain`: a failed job's log → the troubleshooting entries it fits, narrowed by the workflow and trust policy.
        .target(
            name: "KeylessExplain",
            dependencies: ["KeylessModel", "KeylessSyntax", "KeylessAnalysis"]
        ),
        // `keyless audit` and `keyless migrate`: how each job reaches AWS, and the minimal edit to OIDC.
        .target(
            name: "KeylessAudit",
            dependencies: ["KeylessModel", "KeylessSyntax", "KeylessLint", "KeylessCredentials", .product(name: "Yams", package: "Yams")]
        ),
        // The only user of libcmark: prose, lowering, one writer per format, diagrams, inject.
        .target(
            name: "KeylessDocs",
            dependencies: ["KeylessModel", "KeylessSyntax", "Ccmark"]
        ),
        // The pipeline's named stages: configuration → emit → check → assemble → (render) → write.
        .target(
            name: "KeylessGenerator",
            dependencies: ["KeylessModel", "KeylessSyntax", "KeylessIaC", .product(name: "Yams", package: "Yams")]
        ),
        // The reference content: one file per page, example and failure mode.
        .target(
            name: "KeylessCatalog",
            dependencies: [
                "KeylessModel", "KeylessSyntax", "KeylessIaC", "KeylessDocs", "KeylessGenerator",
                "KeylessLint", "KeylessAnalysis", "KeylessAudit", "KeylessExplain",
            ]
        ),
        .executableTarget(
            name: "keyless",
            dependencies: [
                "KeylessSyntax",
                "KeylessGenerator",
                "KeylessDocs",
                "KeylessAnalysis",
                "KeylessCatalog",
                "KeylessLint",
                "KeylessAudit",
                "KeylessExplain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer target over the readers (build with -sanitize=fuzzer -DFUZZING; see README), and a
        // replay tool for the committed corpus and crash reproducers otherwise.
        .executableTarget(
            name: "KeylessFuzz",
            dependencies: ["KeylessSyntax", "KeylessGenerator", "KeylessLint", "KeylessModel"]
        ),
        .plugin(
            name: "GenerateDocs",
            capability: .command(
                intent: .custom(
                    verb: "generate-docs",
                    description: "Regenerate the Keyless guide, snippets and policies from docs-src/"
                ),
                permissions: [
                    .writeToPackageDirectory(
                        reason: "Writes the generated guide to docs/ and the checked snippets to Snippets/"
                    )
                ]
            ),
            dependencies: ["keyless"]
        ),
        // What every test suite shares: paths, the spawn helper, tool lookup, golden files.
        .target(name: "KeylessTestSupport", path: "Tests/KeylessTestSupport"),
        .testTarget(
            name: "KeylessSyntaxTests",
            dependencies: ["KeylessSyntax", "KeylessModel", "KeylessTestSupport", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "KeylessDocsTests",
            dependencies: ["KeylessDocs", "KeylessSyntax", "KeylessModel", "KeylessTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "KeylessGeneratorTests",
            dependencies: ["KeylessGenerator", "KeylessSyntax", "KeylessModel", "KeylessTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "KeylessLintTests",
            dependencies: ["KeylessLint", "KeylessSyntax", "KeylessGenerator", "KeylessModel", "KeylessTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "KeylessAuditTests",
            dependencies: ["KeylessAudit", "KeylessCredentials", "KeylessLint", "KeylessSyntax", "KeylessModel", "KeylessTestSupport"]
        ),
        .testTarget(
            name: "KeylessAnalysisTests",
            dependencies: ["KeylessAnalysis", "KeylessSyntax", "KeylessModel", "KeylessTestSupport"],
            exclude: ["Fixtures"]
        ),
        // The real-world corpus (../shared/corpus/realworld, read in place) against hand-judged expectations.
        .testTarget(
            name: "KeylessRealWorldTests",
            dependencies: [
                "KeylessAnalysis", "KeylessAudit", "KeylessLint", "KeylessSyntax", "KeylessModel", "KeylessTestSupport",
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Expected"]
        ),
        .testTarget(
            name: "KeylessCatalogTests",
            dependencies: [
                "KeylessCatalog", "KeylessSyntax", "KeylessIaC", "KeylessDocs", "KeylessGenerator", "KeylessModel",
                "KeylessAnalysis", "KeylessTestSupport",
            ],
            exclude: ["Fixtures"]
        ),
        // The reference permissions policy proven by running the real `sam` against moto with IAM enforcement.
        .testTarget(
            name: "KeylessPolicyProofTests",
            dependencies: ["KeylessCatalog", "KeylessSyntax", "KeylessGenerator", "KeylessModel", "KeylessTestSupport"],
            exclude: ["Fixtures"]
        ),
        // Runs the real configure-aws-credentials bundles (../shared/actions) against loopback endpoints and
        // checks every troubleshooting symptom marked reproduced.
        .testTarget(
            name: "KeylessTruthTests",
            dependencies: ["KeylessCatalog", "KeylessExplain", "KeylessSyntax", "KeylessGenerator", "KeylessModel", "KeylessTestSupport"],
            exclude: ["loopback_aws.py"]
        ),
        // `keyless explain`: log reading, the patterns derived from the entries' lines, evidence, real issue-thread lines.
        .testTarget(
            name: "KeylessExplainTests",
            dependencies: [
                "KeylessExplain", "KeylessCatalog", "KeylessAnalysis", "KeylessSyntax", "KeylessGenerator", "KeylessModel",
                "KeylessTestSupport",
            ],
            exclude: ["Fixtures"]
        ),
    ]
)
