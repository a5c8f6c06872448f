/// A condition operator IAM does not define, removed before decoding so the other rules still run.
package struct RemovedOperator {
    package var name: String
    package var path: [PathItem]
}
