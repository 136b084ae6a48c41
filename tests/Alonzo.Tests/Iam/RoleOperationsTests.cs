using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Resources;
using Alonzo.Roles;
using Alonzo.Sessions;
using Alonzo.Validation;
using Xunit;

namespace Alonzo.Tests.Iam
{
    /// <summary>The role engine against an in-memory IAM: converge, idempotence, validation first, resolve, delete.</summary>
    public sealed class RoleOperationsTests
    {
        private const string LambdaTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        private const string Ec2Trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        private readonly FakeIam _iam = new FakeIam();
        private readonly RoleOperations _operations;
        private readonly List<string> _info = new List<string>();
        private readonly List<string> _warnings = new List<string>();

        public RoleOperationsTests()
        {
            var context = new AlonzoContext(TestSessions.Create()) { Iam = _iam };
            _operations = new RoleOperations(context) { EventualConsistencyDelays = new[] { TimeSpan.Zero, TimeSpan.Zero } };
            _operations.Info += _info.Add;
            _operations.Warning += _warnings.Add;
        }

        private static IDictionary LogsPolicy() => new Hashtable
        {
            ["logs"] = new Hashtable
            {
                ["Statement"] = new List<object> { new Hashtable { ["Effect"] = "Allow", ["Action"] = new List<object> { "logs:CreateLogStream", "logs:PutLogEvents" }, ["Resource"] = "*" } },
            },
        };

        private static RoleSpec Spec(string name = "fn-role", IList<string> arns = null, IDictionary inline = null) => new RoleSpec
        {
            Name = name,
            ManagedPolicyArns = arns ?? new[] { FakeIam.KinesisPolicy },
            InlinePolicies = inline ?? LogsPolicy(),
        };

        private Task<AlonzoRole> Ensure(RoleSpec spec) => _operations.EnsureAsync(spec, CancellationToken.None);

        [Fact]
        public async Task Creates_a_missing_role_with_lambda_trust_policies_and_tags()
        {
            var spec = Spec();
            spec.Tags = new Dictionary<string, string> { ["team"] = "data" };
            spec.Description = "alonzo function";
            var role = await Ensure(spec);

            Assert.Equal(ResourceAction.Created, role.Action);
            Assert.Equal("fn-role", role.RoleName);
            Assert.Equal("arn:aws:iam::123456789012:role/fn-role", role.Arn);
            Assert.Equal(role.Arn, role.RoleArn);
            Assert.Equal(new[] { "lambda.amazonaws.com" }, role.TrustedServices);
            Assert.Equal(new[] { FakeIam.KinesisPolicy }, role.ManagedPolicyArns);
            Assert.Equal(new[] { "logs" }, role.InlinePolicyNames);
            Assert.Equal("alonzo function", role.Description);
            Assert.Equal("data", role.Tags["team"]);
            Assert.Equal(new[]
            {
                "Created role fn-role trusted by lambda.amazonaws.com",
                "Attached " + FakeIam.KinesisPolicy,
                "Put inline policy logs",
            }, role.Changes);
            Assert.Equal(new[] { "GetRole", "GetPolicy", "CreateRole", "AttachRolePolicy", "PutRolePolicy" }, _iam.Calls.Select(c => c.Operation));

            var stored = _iam.Roles["fn-role"];
            Assert.True(PolicyDocument.TrustFor(new[] { "lambda.amazonaws.com" }).SameAs(stored.Role.AssumeRolePolicyDocument));
            Assert.Equal("data", stored.Tags.Single().Value);
            Assert.Contains("\"logs:PutLogEvents\"", stored.Inline.Single().Value);
        }

        [Fact]
        public async Task A_second_run_is_unchanged_and_makes_no_mutating_call()
        {
            var spec = Spec(arns: new[] { FakeIam.KinesisPolicy, FakeIam.BasicPolicy });
            spec.Tags = new Dictionary<string, string> { ["team"] = "data", ["env"] = "dev" };
            spec.Description = "d";
            await Ensure(spec);
            _iam.Calls.Clear();

            // The same inline policy as JSON text, keys in another order, singletons unwrapped.
            var again = Spec(arns: new[] { FakeIam.BasicPolicy, FakeIam.KinesisPolicy }, inline: new Hashtable
            {
                ["logs"] = "{\"Statement\":{\"Resource\":[\"*\"],\"Action\":[\"logs:PutLogEvents\",\"logs:CreateLogStream\"],\"Effect\":\"Allow\"},\"Version\":\"2012-10-17\"}",
            });
            again.Tags = new Dictionary<string, string> { ["env"] = "dev" };
            again.Description = "d";
            var role = await Ensure(again);

            Assert.Equal(ResourceAction.Unchanged, role.Action);
            Assert.Empty(role.Changes);
            Assert.Empty(_iam.Mutating);
            Assert.Equal(new[] { FakeIam.BasicPolicy, FakeIam.KinesisPolicy }, role.ManagedPolicyArns);
            Assert.Contains("Role 'fn-role' already matches; nothing to change.", _info);
            // Paged reads (one item per page here) found everything.
            Assert.Equal(2, _iam.Calls.Count(c => c.Operation == "ListAttachedRolePolicies"));
            Assert.Equal(2, _iam.Calls.Count(c => c.Operation == "ListRoleTags"));
        }

        [Fact]
        public async Task Converges_by_attaching_what_is_missing_and_says_so()
        {
            await Ensure(Spec());
            _iam.Calls.Clear();

            var role = await Ensure(Spec(arns: new[] { FakeIam.KinesisPolicy, FakeIam.VpcPolicy }));

            Assert.Equal(ResourceAction.Updated, role.Action);
            Assert.Equal(new[] { "Attached " + FakeIam.VpcPolicy }, role.Changes);
            Assert.Equal(new[] { "AttachRolePolicy" }, _iam.Mutating);
            Assert.Equal(new[] { FakeIam.KinesisPolicy, FakeIam.VpcPolicy }, role.ManagedPolicyArns);
            Assert.Equal(new[] { FakeIam.KinesisPolicy, FakeIam.VpcPolicy }, _iam.Roles["fn-role"].Attached);
        }

        [Fact]
        public async Task A_changed_inline_policy_is_put_again()
        {
            await Ensure(Spec());
            _iam.Calls.Clear();

            var role = await Ensure(Spec(inline: new Hashtable { ["logs"] = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"logs:*\",\"Resource\":\"*\"}}" }));

            Assert.Equal(ResourceAction.Updated, role.Action);
            Assert.Equal(new[] { "Updated inline policy logs" }, role.Changes);
            Assert.Equal(new[] { "PutRolePolicy" }, _iam.Mutating);
            Assert.Contains("\"logs:*\"", _iam.Roles["fn-role"].Inline.Single().Value);
        }

        [Fact]
        public async Task Without_exact_extras_stay_with_exact_they_go()
        {
            await Ensure(Spec(arns: new[] { FakeIam.KinesisPolicy, FakeIam.BasicPolicy }, inline: new Hashtable
            {
                ["logs"] = LogsPolicy()["logs"],
                ["extra"] = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}",
            }));
            _iam.Calls.Clear();

            var loose = await Ensure(Spec());
            Assert.Equal(ResourceAction.Unchanged, loose.Action);
            Assert.Empty(_iam.Mutating);
            Assert.Contains(_info, i => i.Contains("left in place") && i.Contains(FakeIam.BasicPolicy) && i.Contains("inline policy extra"));

            var spec = Spec();
            spec.Exact = true;
            var exact = await Ensure(spec);
            Assert.Equal(ResourceAction.Updated, exact.Action);
            Assert.Equal(new[] { "Detached " + FakeIam.BasicPolicy, "Deleted inline policy extra" }, exact.Changes);
            Assert.Equal(new[] { FakeIam.KinesisPolicy }, exact.ManagedPolicyArns);
            Assert.Equal(new[] { "logs" }, exact.InlinePolicyNames);
            Assert.Equal(new[] { FakeIam.KinesisPolicy }, _iam.Roles["fn-role"].Attached);
            Assert.Equal(new[] { "logs" }, _iam.Roles["fn-role"].Inline.Select(p => p.Key));
        }

        [Fact]
        public async Task The_default_trust_leaves_a_role_that_already_trusts_lambda_alone()
        {
            _iam.Add("shared", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"lambda.amazonaws.com\",\"edgelambda.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}]}");
            var role = await Ensure(new RoleSpec { Name = "shared" });
            Assert.Equal(ResourceAction.Unchanged, role.Action);
            Assert.Equal(new[] { "edgelambda.amazonaws.com", "lambda.amazonaws.com" }, role.TrustedServices);

            // An explicit -TrustService is exact.
            var explicitSpec = new RoleSpec { Name = "shared", TrustServices = new[] { "lambda.amazonaws.com" } };
            var updated = await Ensure(explicitSpec);
            Assert.Equal(ResourceAction.Updated, updated.Action);
            Assert.Equal(new[] { "lambda.amazonaws.com" }, updated.TrustedServices);
            Assert.StartsWith("Updated trust policy to trust lambda.amazonaws.com", updated.Changes.Single());
            Assert.True(PolicyDocument.TrustFor(new[] { "lambda.amazonaws.com" }).SameAs(_iam.Roles["shared"].Role.AssumeRolePolicyDocument));
        }

        [Fact]
        public async Task A_role_that_lambda_cannot_assume_gets_its_trust_updated()
        {
            _iam.Add("ec2-role", Ec2Trust);
            var role = await Ensure(new RoleSpec { Name = "ec2-role" });
            Assert.Equal(ResourceAction.Updated, role.Action);
            Assert.Equal(new[] { "UpdateAssumeRolePolicy" }, _iam.Mutating);
            Assert.Equal(new[] { "lambda.amazonaws.com" }, role.TrustedServices);
        }

        [Fact]
        public async Task A_whole_trust_policy_is_compared_by_meaning()
        {
            _iam.Add("custom", LambdaTrust);
            var same = new Hashtable
            {
                ["Statement"] = new Hashtable { ["Action"] = new List<object> { "sts:AssumeRole" }, ["Principal"] = new Hashtable { ["Service"] = new List<object> { "lambda.amazonaws.com" } }, ["Effect"] = "Allow" },
            };
            Assert.Equal(ResourceAction.Unchanged, (await Ensure(new RoleSpec { Name = "custom", TrustPolicy = same })).Action);

            var withCondition = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}}]}";
            var role = await Ensure(new RoleSpec { Name = "custom", TrustPolicy = withCondition });
            Assert.Equal(ResourceAction.Updated, role.Action);
            Assert.Contains("aws:SourceAccount", _iam.Roles["custom"].Role.AssumeRolePolicyDocument);
        }

        [Fact]
        public async Task Tags_are_added_or_updated_only_where_they_differ()
        {
            var spec = Spec();
            spec.Tags = new Dictionary<string, string> { ["team"] = "data", ["env"] = "dev" };
            await Ensure(spec);
            _iam.Calls.Clear();

            spec = Spec();
            spec.Tags = new Dictionary<string, string> { ["team"] = "data", ["env"] = "prod", ["new"] = "x" };
            var role = await Ensure(spec);

            Assert.Equal(new[] { "TagRole" }, _iam.Mutating);
            Assert.Equal(new[] { "Tagged env=prod, new=x" }, role.Changes);
            Assert.Equal("prod", role.Tags["env"]);
            Assert.Equal("data", role.Tags["team"]);
        }

        [Fact]
        public async Task A_different_description_is_updated()
        {
            await Ensure(Spec());
            _iam.Calls.Clear();
            var spec = Spec();
            spec.Description = "now described";
            var role = await Ensure(spec);
            Assert.Equal(new[] { "UpdateRole" }, _iam.Mutating);
            Assert.Equal("now described", role.Description);
            Assert.Equal("now described", _iam.Roles["fn-role"].Role.Description);
        }

        public static IEnumerable<object[]> BadSpecs()
        {
            yield return new object[] { "InvalidRoleName", new RoleSpec { Name = "bad name" } };
            yield return new object[] { "InvalidRoleName", new RoleSpec { Name = new string('r', 65) } };
            yield return new object[] { "InvalidRoleName", new RoleSpec { Name = "" } };
            yield return new object[] { "InvalidPolicyArn", new RoleSpec { Name = "ok", ManagedPolicyArns = new[] { "AWSLambdaKinesisExecutionRole" } } };
            yield return new object[] { "InvalidPolicyArn", new RoleSpec { Name = "ok", ManagedPolicyArns = new[] { "arn:aws:iam::12345:policy/x" } } };
            yield return new object[] { "InvalidPolicyArn", new RoleSpec { Name = "ok", ManagedPolicyArns = new[] { "arn:aws:iam::123456789012:role/x" } } };
            yield return new object[] { "InvalidPolicyName", new RoleSpec { Name = "ok", InlinePolicies = new Hashtable { ["bad name"] = "{\"Statement\":{}}" } } };
            yield return new object[] { "InvalidPolicyDocument", new RoleSpec { Name = "ok", InlinePolicies = new Hashtable { ["p"] = "{\"Version\":\"2012-10-17\"}" } } };
            yield return new object[] { "InvalidPolicyDocument", new RoleSpec { Name = "ok", InlinePolicies = new Hashtable { ["p"] = "{not json" } } };
            yield return new object[] { "InvalidPolicyDocument", new RoleSpec { Name = "ok", TrustPolicy = "[]" } };
            yield return new object[] { "ConflictingTrust", new RoleSpec { Name = "ok", TrustServices = new[] { "lambda.amazonaws.com" }, TrustPolicy = LambdaTrust } };
            yield return new object[] { "InvalidTrustService", new RoleSpec { Name = "ok", TrustServices = new[] { "lambda" } } };
            yield return new object[] { "InvalidTag", new RoleSpec { Name = "ok", Tags = new Dictionary<string, string> { ["aws:x"] = "y" } } };
            yield return new object[] { "InvalidTag", new RoleSpec { Name = "ok", Tags = new Dictionary<string, string> { ["a#b"] = "y" } } };
            yield return new object[] { "InvalidDescription", new RoleSpec { Name = "ok", Description = new string('d', 1001) } };
        }

        [Theory]
        [MemberData(nameof(BadSpecs))]
        public async Task Bad_input_is_refused_before_any_call(string errorId, RoleSpec spec)
        {
            var e = await Assert.ThrowsAsync<AlonzoValidationException>(() => Ensure(spec));
            Assert.Equal(errorId, e.ErrorId);
            Assert.Empty(_iam.Calls);
        }

        [Fact]
        public async Task A_missing_managed_policy_fails_before_the_role_is_created()
        {
            var spec = Spec(arns: new[] { FakeIam.KinesisPolicy, "arn:aws:iam::aws:policy/service-role/NoSuchPolicy" });
            var e = await Assert.ThrowsAsync<AlonzoOperationException>(() => Ensure(spec));
            Assert.Equal("PolicyNotFound", e.ErrorId);
            Assert.Equal(FailureKind.ObjectNotFound, e.Kind);
            Assert.Contains("arn:aws:iam::aws:policy/service-role/NoSuchPolicy", e.Message);
            Assert.Empty(_iam.Mutating);
            Assert.Empty(_iam.Roles);
        }

        [Fact]
        public async Task Declined_changes_are_not_made()
        {
            await Ensure(Spec());
            _iam.Calls.Clear();
            var plan = await _operations.PlanAsync(Spec(arns: new[] { FakeIam.KinesisPolicy, FakeIam.VpcPolicy }), null, CancellationToken.None);
            Assert.Equal(new[] { (ChangeOperation.Add, "ManagedPolicyArns", FakeIam.VpcPolicy) }, plan.Changes.Select(c => (c.Operation, c.Path, c.Item)));
            Assert.Equal("Attach managed policy " + FakeIam.VpcPolicy, plan.Changes[0].Summary);

            Assert.Null(await _operations.ApplyAsync(plan, new ResourceScope { Approve = _ => false }, CancellationToken.None));
            Assert.Empty(_iam.Mutating);

            var missing = await _operations.PlanAsync(Spec(name: "other"), null, CancellationToken.None);
            // Without the role nothing else can be applied.
            Assert.Null(await _operations.ApplyAsync(missing, new ResourceScope { Approve = id => id.Operation != ChangeOperation.Create }, CancellationToken.None));
            Assert.Empty(_iam.Mutating);
        }

        [Fact]
        public async Task A_role_created_by_someone_else_meanwhile_is_converged_instead()
        {
            _iam.BeforeCreate = () =>
            {
                _iam.BeforeCreate = null;
                _iam.Add("fn-role", LambdaTrust).Attached.Add(FakeIam.KinesisPolicy);
            };
            var role = await Ensure(Spec());
            Assert.Equal(ResourceAction.Updated, role.Action);
            Assert.Equal(new[] { "Put inline policy logs" }, role.Changes);
            Assert.Contains(_info, i => i.Contains("created by another caller"));
        }

        [Fact]
        public async Task Approvals_survive_a_replan_when_the_role_is_created_between_plan_and_apply()
        {
            // Plan on an empty account, approve every change (as ShouldProcess does), then let another
            // caller create the role before apply. The engine plans again; the approvals are values,
            // so the same work (attach, put inline) is still approved and done.
            var plan = await _operations.PlanAsync(Spec(), null, CancellationToken.None);
            Assert.Equal(PlanAction.Create, plan.Action);
            var approved = new HashSet<ChangeId>(plan.Changes.Where(c => !c.IsPartOfCreate).Select(c => c.Id));
            _iam.BeforeCreate = () =>
            {
                _iam.BeforeCreate = null;
                _iam.Add("fn-role", LambdaTrust);
            };

            var role = await _operations.ApplyAsync(plan, new ResourceScope { Approve = approved.Contains }, CancellationToken.None);

            Assert.NotNull(role);
            Assert.Equal(ResourceAction.Updated, role.Action);
            Assert.Equal(new[] { "Attached " + FakeIam.KinesisPolicy, "Put inline policy logs" }, role.Changes);
            Assert.Equal(new[] { FakeIam.KinesisPolicy }, _iam.Roles["fn-role"].Attached);
        }

        [Fact]
        public async Task Calls_on_a_new_role_are_retried_while_iam_catches_up()
        {
            _iam.InvisibleAfterCreate = 1;
            var role = await Ensure(Spec());
            Assert.Equal(ResourceAction.Created, role.Action);
            Assert.Equal(2, _iam.Calls.Count(c => c.Operation == "AttachRolePolicy"));
            Assert.Equal(new[] { FakeIam.KinesisPolicy }, _iam.Roles["fn-role"].Attached);
        }

        [Theory]
        [InlineData("The role with name fn-role cannot be found.", true)]
        [InlineData("Role fn-role not found", true)]
        // A missing policy is not the role catching up, even when its path says service-role.
        [InlineData("Policy arn:aws:iam::aws:policy/service-role/NoSuch does not exist or is not attachable.", false)]
        [InlineData(null, false)]
        public void Only_a_missing_new_role_is_retried(string message, bool retried)
        {
            Assert.Equal(retried, RoleOperations.IsRoleMissing(message, "fn-role"));
        }

        [Fact]
        public async Task Resolves_names_and_arns()
        {
            _iam.Add("plain", LambdaTrust);
            _iam.Add("nested", LambdaTrust, "/service-role/");

            var byName = await _operations.ResolveAsync("plain", CancellationToken.None);
            Assert.Equal("arn:aws:iam::123456789012:role/plain", byName.RoleArn);
            Assert.Null(byName.ManagedPolicyArns);
            Assert.Equal(ResourceAction.None, byName.Action);

            var byArn = await _operations.ResolveAsync("arn:aws:iam::123456789012:role/service-role/nested", CancellationToken.None);
            Assert.Equal("nested", byArn.RoleName);
            Assert.Equal("/service-role/", byArn.Path);
            Assert.Empty(_iam.Mutating);
            Assert.Empty(_warnings);
        }

        [Theory]
        [InlineData("missing", "RoleNotFound")]
        [InlineData("arn:aws:iam::123456789012:role/missing", "RoleNotFound")]
        // The name exists but under another path (or account): not the role asked for.
        [InlineData("arn:aws:iam::210987654321:role/plain", "RoleNotFound")]
        public async Task Unknown_roles_are_reported_clearly(string nameOrArn, string errorId)
        {
            _iam.Add("plain", LambdaTrust);
            var e = await Assert.ThrowsAsync<AlonzoOperationException>(() => _operations.ResolveAsync(nameOrArn, CancellationToken.None));
            Assert.Equal(errorId, e.ErrorId);
            Assert.Equal(FailureKind.ObjectNotFound, e.Kind);
        }

        [Theory]
        [InlineData("arn:aws:iam::123456789012:user/bob", "InvalidRoleArn")]
        [InlineData("bad name", "InvalidRoleName")]
        public async Task Malformed_references_fail_without_a_call(string nameOrArn, string errorId)
        {
            var e = await Assert.ThrowsAsync<AlonzoValidationException>(() => _operations.ResolveAsync(nameOrArn, CancellationToken.None));
            Assert.Equal(errorId, e.ErrorId);
            Assert.Empty(_iam.Calls);
        }

        [Fact]
        public async Task Resolving_a_role_lambda_cannot_assume_warns()
        {
            _iam.Add("ec2-role", Ec2Trust);
            var role = await _operations.ResolveAsync("ec2-role", CancellationToken.None);
            Assert.Equal(new[] { "ec2.amazonaws.com" }, role.TrustedServices);
            Assert.Contains(_warnings, w => w.Contains("lambda.amazonaws.com") && w.Contains("ec2-role"));
        }

        [Fact]
        public async Task Remove_detaches_deletes_and_leaves_instance_profiles_first()
        {
            await Ensure(Spec(arns: new[] { FakeIam.KinesisPolicy, FakeIam.BasicPolicy }));
            _iam.Roles["fn-role"].InstanceProfiles.Add("profile-1");
            _iam.Calls.Clear();

            Assert.True(await _operations.RemoveAsync("fn-role", CancellationToken.None));

            Assert.Empty(_iam.Roles);
            Assert.Equal(new[] { "DetachRolePolicy", "DetachRolePolicy", "DeleteRolePolicy", "RemoveRoleFromInstanceProfile", "DeleteRole" }, _iam.Mutating);
            Assert.False(await _operations.RemoveAsync("fn-role", CancellationToken.None));
        }

        [Fact]
        public async Task Get_reads_every_page_and_returns_null_for_a_missing_role()
        {
            var spec = Spec(arns: new[] { FakeIam.KinesisPolicy, FakeIam.BasicPolicy, FakeIam.VpcPolicy }, inline: new Hashtable
            {
                ["a"] = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}",
                ["b"] = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}}",
            });
            await Ensure(spec);
            var role = await _operations.GetAsync("fn-role", CancellationToken.None);
            Assert.Equal(3, role.ManagedPolicyArns.Length);
            Assert.Equal(new[] { "a", "b" }, role.InlinePolicyNames);
            Assert.Equal(ResourceAction.None, role.Action);
            Assert.Null(await _operations.GetAsync("nope", CancellationToken.None));
        }

        [Fact]
        public async Task List_filters_names_across_pages()
        {
            _iam.Add("app-one", LambdaTrust);
            _iam.Add("app-two", LambdaTrust);
            _iam.Add("other", LambdaTrust);
            var roles = await _operations.ListAsync(n => n.StartsWith("app-", StringComparison.Ordinal), CancellationToken.None);
            Assert.Equal(new[] { "app-one", "app-two" }, roles.Select(r => r.RoleName).OrderBy(n => n));
            Assert.Equal(3, _iam.Calls.Count(c => c.Operation == "ListRoles"));
        }
    }
}
