"""moto_server for the policy proof: moto 5.2.5 with IAM enforcement, plus four gaps filled.

Run with the project's .venv python: `python moto_proof_server.py -H 127.0.0.1 -p 0`, with
INITIAL_NO_AUTH_ACTION_COUNT set (moto's IAM enforcement) and KEYLESS_SAM_PYTHON naming the
interpreter of .venv-sam (aws-sam-cli 1.170.0 and its aws-sam-translator).

What moto 5.2.5 does not do, and what this file does instead (each is printed in the proof's report):

1. Resource-level checks for CloudFormation and Lambda. moto evaluates identity policies for every
   service, but for these two it evaluates them against the resource "*", so a statement scoped to
   `stack/honeyhive-*/*` or `function:honeyhive-*` never matches. Here each request is checked
   against the ARN the Service Authorization Reference gives for it (stack ARN from StackName,
   function ARN from the request path). S3 and STS keep moto's own checks.
2. Lambda's IAM action names. moto uses the API operation name (`lambda:Invoke`); IAM's action for
   Invoke is `lambda:InvokeFunction`.
3. The Serverless transform. moto ignores `Transform: AWS::Serverless-2016-10-31` and drops
   `AWS::Serverless::*` resources. Here the template of CreateChangeSet is expanded with
   aws-sam-translator (the library that implements the transform) before moto parses it, and, as
   CloudFormation does, CreateChangeSet is also authorized on
   `arn:aws:cloudformation:REGION:aws:transform/Serverless-2016-10-31`
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-template.html).
4. Stack outputs after ExecuteChangeSet, and templates at a path-style S3 URL on 127.0.0.1. moto recomputes outputs on CreateStack/UpdateStack only;
   SAM reads the managed stack's `SourceBucket` output after a change set, and passes the template
   it uploaded as http://127.0.0.1:PORT/BUCKET/KEY, which moto cannot read.

5. The calls CloudFormation makes with the caller's credentials. Without a service role, CloudFormation
   creates and deletes each resource with the credentials of whoever executes the change set or
   deletes the stack; moto creates resources in-process without asking IAM. Here, after
   ExecuteChangeSet and before DeleteStack, each resource's handler actions (ON_BEHALF below, for the
   properties these templates use) are evaluated against the caller's policies on the resource's ARN;
   a refusal fails the stack (ROLLBACK_COMPLETE / DELETE_FAILED) with AWS's message in its events, as
   CloudFormation reports it. Every action listed must appear in the handler permissions of the
   resource type's schema bundled with cfn-lint (KEYLESS_CFN_SCHEMAS), checked at start-up.
   Which handler actions a given property set makes is read from the schemas, not observed: the
   guide says so.
"""

import json
import os
import subprocess
import sys
import uuid
from urllib.parse import unquote, urlparse

from moto import settings
from moto.cloudformation import models as cfn_models
from moto.core.authorization import ActionAuthenticatorMixin
from moto.iam.access_control import IAMRequest

TRANSFORM = "AWS::Serverless-2016-10-31"

# ---------------------------------------------------------------- 3. the Serverless transform
TRANSLATE = r"""
import json, sys
from samcli.yamlhelper import yaml_parse
from samtranslator.translator.transform import transform
from samtranslator.translator.managed_policy_translator import ManagedPolicyLoader

class Loader(ManagedPolicyLoader):
    # The only managed policy a function without `Policies` gets (no IAM call offline).
    def __init__(self):
        pass
    def load(self):
        return {"AWSLambdaBasicExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}

print(json.dumps(transform(yaml_parse(sys.stdin.read()), {}, Loader())))
"""


def declares_transform(body):
    try:
        t = json.loads(body)
    except ValueError:
        from moto.cloudformation.utils import yaml_tag_constructor  # noqa: F401  (registers !Ref etc.)
        import yaml

        try:
            t = yaml.safe_load(body)
        except yaml.YAMLError:
            return False
    if not isinstance(t, dict):
        return False
    tr = t.get("Transform")
    return tr == TRANSFORM or (isinstance(tr, list) and TRANSFORM in tr)


def expand(body, region):
    env = dict(os.environ, AWS_DEFAULT_REGION=region, AWS_REGION=region)
    out = subprocess.run([os.environ["KEYLESS_SAM_PYTHON"], "-c", TRANSLATE], input=body, capture_output=True,
                         text=True, timeout=120, env=env)
    if out.returncode != 0:
        raise RuntimeError("aws-sam-translator failed: " + out.stderr[-2000:])
    return out.stdout


_create_change_set = cfn_models.CloudFormationBackend.create_change_set


def create_change_set(self, stack_name, change_set_name, template, *args, **kwargs):
    if declares_transform(template):
        template = expand(template, self.region_name)
        print(f"keyless-proof: expanded {TRANSFORM} for stack {stack_name}", file=sys.stderr, flush=True)
    return _create_change_set(self, stack_name, change_set_name, template, *args, **kwargs)


cfn_models.CloudFormationBackend.create_change_set = create_change_set

# ---------------------------------------------------------------- 4. outputs after a change set
_execute_change_set = cfn_models.CloudFormationBackend.execute_change_set


def execute_change_set(self, change_set_name, stack_name=None):
    _execute_change_set(self, change_set_name, stack_name)
    for stack in self.stacks.values():
        if stack.name == stack_name or stack.stack_id == stack_name or stack_name is None:
            stack._parse_template()
            stack.output_map = stack._create_output_map()


cfn_models.CloudFormationBackend.execute_change_set = execute_change_set


# ---------------------------------------------------------------- 1 and 2. resource-level checks
def cfn_stack_arn(resp, name):
    region, account = resp.region, resp.current_account
    if name.startswith("arn:"):
        return name
    backend = cfn_models.cloudformation_backends[account][region]
    for s in list(backend.stacks.values()):
        if s.name == name:
            return s.stack_id
    # A stack that does not exist yet: CloudFormation evaluates the ARN it will have.
    return f"arn:aws:cloudformation:{region}:{account}:stack/{name}/{uuid.uuid4()}"


def read_loopback_s3_url(url, account):
    """The object at a path-style URL on this server (sam deploy gives CreateChangeSet the template it
    uploaded as http://127.0.0.1:PORT/BUCKET/KEY; moto only reads s3.amazonaws.com forms)."""
    from moto.s3.models import s3_backends

    u = urlparse(url)
    bucket, key = u.path.lstrip("/").split("/", 1)
    return s3_backends[account]["aws"].get_object(bucket, unquote(key)).value.decode("utf-8")


def is_loopback(url):
    return urlparse(url).hostname in ("127.0.0.1", "localhost")


from moto.cloudformation.responses import CloudFormationResponse  # noqa: E402

_get_stack_from_s3_url = CloudFormationResponse._get_stack_from_s3_url


def get_stack_from_s3_url(self, template_url):
    if is_loopback(template_url):
        return read_loopback_s3_url(template_url, self.current_account)
    return _get_stack_from_s3_url(self, template_url)


CloudFormationResponse._get_stack_from_s3_url = get_stack_from_s3_url


def cfn_template_body(resp):
    body = resp._get_param("TemplateBody")
    if body:
        return body
    url = resp._get_param("TemplateURL")
    if url and is_loopback(url):  # sam deploy uploads the packaged template and passes its URL
        return read_loopback_s3_url(url, resp.current_account)
    return None


def cfn_resources(resp):
    action = resp._get_action()
    name = resp._get_param("StackName")
    if not name:
        cs = resp._get_param("ChangeSetName") or ""
        if cs.startswith("arn:"):
            backend = cfn_models.cloudformation_backends[resp.current_account][resp.region]
            if cs in backend.change_sets:
                name = backend.change_sets[cs].stack_id
    resources = [cfn_stack_arn(resp, name)] if name else ["*"]
    if action == "CreateChangeSet":
        body = cfn_template_body(resp)
        if body and declares_transform(body):
            resources.append(f"arn:aws:cloudformation:{resp.region}:aws:transform/{TRANSFORM.split('::')[1]}")
    return action, resources


LAMBDA_ACTIONS = {"Invoke": "InvokeFunction"}


def lambda_resources(resp):
    action = resp._get_action()
    region, account = resp.region, resp.current_account
    parts = [unquote(p) for p in urlparse(resp.uri).path.split("/") if p]
    res = "*"
    if len(parts) >= 3 and parts[1] == "functions":
        fn = parts[2]
        res = fn if fn.startswith("arn:") else f"arn:aws:lambda:{region}:{account}:function:{fn}"
    elif len(parts) >= 3 and parts[1] == "tags":
        res = "/".join(parts[2:])
    elif len(parts) >= 3 and parts[1] == "layers":
        res = f"arn:aws:lambda:{region}:{account}:layer:{parts[2]}"
        if len(parts) >= 5:
            res += ":" + parts[4]
    return LAMBDA_ACTIONS.get(action, action), [res]


_normal = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action


def authorize(self, resource="*"):
    service = {"awslambda": "lambda"}.get(getattr(self, "service_name", None), getattr(self, "service_name", None))
    if service not in ("cloudformation", "lambda"):
        return _normal(self, resource)
    if ActionAuthenticatorMixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
        ActionAuthenticatorMixin.request_count += 1
        return None
    action, resources = cfn_resources(self) if service == "cloudformation" else lambda_resources(self)
    path = self.raw_path + ("?" + urlparse(self.uri).query if urlparse(self.uri).query else "")
    for r in resources:
        # An empty body (aws lambda invoke without --payload) must be signed as empty: moto would sign
        # its parsed parameters instead and report SignatureDoesNotMatch.
        data = self.raw_body if service == "lambda" else self.data
        req = IAMRequest(account_id=self.current_account, method=self.method, path=path, data=data,
                         body=self.raw_body, headers=self.headers, action=action)
        req.check_signature()
        try:
            req.check_action_permitted(r)
        except Exception:
            print(f"keyless-proof: denied {service}:{action} on {r}", file=sys.stderr, flush=True)
            raise
        print(f"keyless-proof: allowed {service}:{action} on {r}", file=sys.stderr, flush=True)
        if action in ("ExecuteChangeSet", "DeleteStack"):
            Caller.current = req
    return None


ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = authorize

# ---------------------------------------------------------------- 5. CloudFormation's calls for the caller
# Handler actions per resource type, for the properties the fixture's and SAM's managed templates set.
# Each value: (action, resource-kind, condition context) with resource-kind one of "self" (the
# resource's own ARN), "role" (the function's execution role), "code" (the function's S3 object).
ON_BEHALF = {
    "AWS::Lambda::Function": {
        "create": [("lambda:CreateFunction", "self"), ("lambda:GetFunction", "self"),
                   ("iam:PassRole", "role", {"iam:PassedToService": "lambda.amazonaws.com"}),
                   ("s3:GetObject", "code"), ("lambda:TagResource", "self"),
                   ("lambda:GetFunctionCodeSigningConfig", "self"), ("lambda:GetRuntimeManagementConfig", "self"),
                   ("lambda:GetFunctionRecursionConfig", "self")],
        "delete": [("lambda:DeleteFunction", "self"), ("lambda:GetFunction", "self")],
    },
    "AWS::IAM::Role": {
        "create": [("iam:CreateRole", "self"), ("iam:AttachRolePolicy", "self"), ("iam:TagRole", "self"),
                   ("iam:GetRole", "self")],
        "delete": [("iam:DeleteRole", "self"), ("iam:DetachRolePolicy", "self"), ("iam:GetRole", "self"),
                   ("iam:ListAttachedRolePolicies", "self"), ("iam:ListRolePolicies", "self")],
    },
    "AWS::S3::Bucket": {
        "create": [("s3:CreateBucket", "self"), ("s3:PutBucketTagging", "self"),
                   ("s3:PutEncryptionConfiguration", "self"), ("s3:PutBucketPublicAccessBlock", "self"),
                   ("s3:PutBucketVersioning", "self")],
        "delete": [("s3:DeleteBucket", "self"), ("s3:ListBucket", "self")],
    },
    "AWS::S3::BucketPolicy": {
        "create": [("s3:GetBucketPolicy", "self"), ("s3:PutBucketPolicy", "self")],
        "delete": [("s3:GetBucketPolicy", "self"), ("s3:DeleteBucketPolicy", "self")],
    },
}


def check_on_behalf_against_schemas():
    d = os.environ.get("KEYLESS_CFN_SCHEMAS")
    if not d:
        return
    index = json.load(open(os.path.join(d, "providers", "us-east-1.json")))
    for rtype, handlers in ON_BEHALF.items():
        schema = json.load(open(os.path.join(d, "resources", index[rtype] + ".json")))
        for handler, entries in handlers.items():
            listed = set(schema["handlers"][handler]["permissions"])
            for e in entries:
                if e[0] not in listed:
                    raise SystemExit(f"keyless-proof: {e[0]} is not a {handler} permission of {rtype} in cfn-lint's schema")
    print("keyless-proof: every on-behalf action is a handler permission in cfn-lint's resource schemas",
          file=sys.stderr, flush=True)


class Caller:
    """The credentials of the request that executes a change set or deletes a stack."""
    current = None


def resolve(stack, value):
    if isinstance(value, dict) and "Ref" in value:
        return getattr(stack.resource_map[value["Ref"]], "physical_resource_id", None)
    return value


def arns(stack, logical, rtype, kind):
    obj = stack.resource_map[logical]
    props = stack.template_dict["Resources"][logical].get("Properties", {})
    region, account = stack.region_name, stack.account_id
    if rtype == "AWS::Lambda::Function":
        if kind == "role":
            return obj.role
        if kind == "code":
            code = props.get("Code", {})
            return f"arn:aws:s3:::{resolve(stack, code.get('S3Bucket'))}/{resolve(stack, code.get('S3Key'))}"
        return f"arn:aws:lambda:{region}:{account}:function:{obj.function_name}"
    if rtype == "AWS::IAM::Role":
        return obj.arn
    if rtype == "AWS::S3::Bucket":
        return f"arn:aws:s3:::{obj.name}"
    if rtype == "AWS::S3::BucketPolicy":
        return f"arn:aws:s3:::{resolve(stack, props.get('Bucket'))}"
    raise KeyError(rtype)


def refusal(stack, handler):
    """The first handler action the caller may not perform, as AWS words it; None when all are allowed."""
    from moto.iam.access_control import IAMPolicy, PermissionResult

    caller = Caller.current
    if caller is None:
        return None
    policies = caller._access_key.collect_policies()
    for logical, res in stack.template_dict.get("Resources", {}).items():
        rtype = res.get("Type")
        if rtype not in ON_BEHALF:
            continue
        for entry in ON_BEHALF[rtype][handler]:
            action, kind = entry[0], entry[1]
            context = entry[2] if len(entry) > 2 else None
            arn = arns(stack, logical, rtype, kind)
            results = [IAMPolicy(p).is_action_permitted(action, arn, None, context) for p in policies]
            ok = PermissionResult.PERMITTED in results and PermissionResult.DENIED not in results
            print(f"keyless-proof: {'allowed' if ok else 'denied'} {action} on {arn} "
                  f"(CloudFormation {handler} of {rtype} {logical})", file=sys.stderr, flush=True)
            if not ok:
                return logical, rtype, (f"User: {caller._access_key.arn} is not authorized to perform: {action} "
                                        f"on resource: {arn} because no identity-based policy allows the {action} action")
    return None


_execute_with_outputs = cfn_models.CloudFormationBackend.execute_change_set


def execute_change_set_as_caller(self, change_set_name, stack_name=None):
    _execute_with_outputs(self, change_set_name, stack_name)
    for stack in list(self.stacks.values()):
        if stack.name != stack_name and stack.stack_id != stack_name:
            continue
        failed = refusal(stack, "create")
        if failed:
            logical, rtype, message = failed
            # moto has already logged the stack's CREATE_COMPLETE: replace it with what CloudFormation reports.
            while stack.events and stack.events[-1].resource_status.endswith("_COMPLETE"):
                stack.events.pop()
            stack.events.append(cfn_models.Event(stack.stack_id, stack.name, logical, logical, rtype, "CREATE_FAILED",
                                                 f"Resource handler returned message: \"{message}\"", None))
            stack._add_stack_event("ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [" + logical + "]. ")
            stack._add_stack_event("ROLLBACK_COMPLETE")
            stack.status = "ROLLBACK_COMPLETE"


cfn_models.CloudFormationBackend.execute_change_set = execute_change_set_as_caller

_delete_stack = cfn_models.CloudFormationBackend.delete_stack


def delete_stack_as_caller(self, name_or_stack_id):
    for stack in list(self.stacks.values()):
        if name_or_stack_id in (stack.name, stack.stack_id):
            failed = refusal(stack, "delete")
            if failed:
                logical, rtype, message = failed
                stack.events.append(cfn_models.Event(stack.stack_id, stack.name, logical, logical, rtype, "DELETE_FAILED",
                                                     f"Resource handler returned message: \"{message}\"", None))
                stack._add_stack_event("DELETE_FAILED")
                stack.status = "DELETE_FAILED"
                return None
    return _delete_stack(self, name_or_stack_id)


cfn_models.CloudFormationBackend.delete_stack = delete_stack_as_caller

if __name__ == "__main__":
    from moto.core.config import default_user_config
    from moto.server import main

    check_on_behalf_against_schemas()
    # No Docker: Invoke answers from moto's simple backend (authorization is what is tested, not the code).
    default_user_config["lambda"]["use_docker"] = False
    sys.exit(main())
