using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Roles;
using Alonzo.Tests.ServiceModels;
using Alonzo.Validation;
using Xunit;

namespace Alonzo.Tests.Iam
{
    /// <summary>The role engine over the real IAM client and XML replies, and the name rules against the iam model.</summary>
    public sealed class RoleWireTests
    {
        private static readonly ServiceModel Model = ServiceModelCatalog.Get("iam");
        private static readonly ServiceModelValidator Validator = new ServiceModelValidator(Model);

        [Fact]
        public async Task Pages_are_followed_with_the_marker_and_every_request_is_valid()
        {
            var handler = new RecordingHttpHandler(request =>
            {
                var form = IamReplies.Form(request);
                switch (form["Action"])
                {
                    case "GetRole": return IamReplies.Xml(IamReplies.GetRole);
                    case "ListAttachedRolePolicies": return IamReplies.Xml(form.ContainsKey("Marker") ? IamReplies.ListAttachedLast : IamReplies.ListAttachedTruncated);
                    case "ListRolePolicies": return IamReplies.Xml(IamReplies.ListRolePolicies);
                    default: throw new InvalidOperationException("unexpected " + form["Action"]);
                }
            });
            var operations = new RoleOperations(TestSessions.Context(handler));
            var role = await operations.GetAsync("r1", CancellationToken.None);

            Assert.Equal(new[] { "arn:aws:iam::aws:policy/AWSLambdaExecute", "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole" }, role.ManagedPolicyArns);
            Assert.Equal(new[] { "p1", "p2", "p3" }, role.InlinePolicyNames);
            Assert.Equal(new[] { "lambda.amazonaws.com" }, role.TrustedServices);
            Assert.Equal(IamReplies.TrustJson, role.TrustPolicy);
            Assert.Equal("core", role.Tags["team"]);

            var lists = handler.Requests.Where(r => IamReplies.Form(r)["Action"] == "ListAttachedRolePolicies").ToList();
            Assert.Equal(2, lists.Count);
            Assert.False(IamReplies.Form(lists[0]).ContainsKey("Marker"));
            Assert.Equal("1", IamReplies.Form(lists[1])["Marker"]);
            foreach (var request in handler.Requests)
                Validator.AssertValid(request);
        }

        [Fact]
        public async Task A_converge_sends_documents_the_model_accepts()
        {
            // A role that does not exist yet: GetRole answers NoSuchEntity, everything else succeeds.
            var handler = new RecordingHttpHandler(request =>
            {
                var action = IamReplies.Form(request)["Action"];
                switch (action)
                {
                    case "GetRole": return IamReplies.Xml(IamReplies.Error("NoSuchEntity", "Role r1 not found"), System.Net.HttpStatusCode.NotFound);
                    case "GetPolicy": return IamReplies.Xml(IamReplies.GetPolicy);
                    case "CreateRole": return IamReplies.Xml(IamReplies.CreateRole);
                    default: return IamReplies.Xml(IamReplies.Empty(action));
                }
            });
            var operations = new RoleOperations(TestSessions.Context(handler));
            var role = await operations.EnsureAsync(new RoleSpec
            {
                Name = "r1",
                ManagedPolicyArns = new[] { "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole" },
                InlinePolicies = new System.Collections.Hashtable { ["s3"] = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bücket/*\"}}" },
                Tags = new System.Collections.Generic.Dictionary<string, string> { ["team"] = "core" },
                Description = "desc",
            }, CancellationToken.None);

            Assert.Equal(ResourceAction.Created, role.Action);
            Assert.Equal(new[] { "GetRole", "GetPolicy", "CreateRole", "AttachRolePolicy", "PutRolePolicy" }, handler.Requests.Select(r => IamReplies.Form(r)["Action"]));
            foreach (var request in handler.Requests)
                Validator.AssertValid(request);
            var put = IamReplies.Form(handler.Requests.Last());
            // Non-ASCII is escaped in the JSON so the document fits the model's character range.
            Assert.Equal("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b\\u00fccket/*\"}}", put["PolicyDocument"]);
        }

        [Fact]
        public void Role_and_policy_name_limits_match_the_model()
        {
            Check("roleNameType", RoleRules.RoleNameMax, n => RoleRules.RoleName(n));
            Check("policyNameType", RoleRules.PolicyNameMax, n => RoleRules.PolicyName(n));
        }

        private static void Check(string shapeName, int max, Action<string> rule)
        {
            var shape = Model.GetShape(shapeName);
            Assert.Equal(1, (int)shape.Min);
            Assert.Equal(max, (int)shape.Max);
            var pattern = ServiceModelValidator.CompilePattern(shape.Pattern);
            foreach (var name in new[] { "alonzo", "a", "A+b=c,d.e@f_g-h", new string('x', max), new string('x', max + 1), "bad name", "ünïcode", "slash/name", "colon:name", "" })
            {
                bool modelAccepts = name.Length >= 1 && name.Length <= max && pattern.IsMatch(name);
                bool alonzoAccepts = Accepts(() => rule(name));
                Assert.True(modelAccepts == alonzoAccepts, $"{shapeName} '{name}': model {modelAccepts}, Alonzo {alonzoAccepts}");
            }
        }

        [Fact]
        public void Description_and_tag_limits_match_the_model()
        {
            Assert.Equal(RoleRules.DescriptionMax, (int)Model.GetShape("roleDescriptionType").Max);
            Assert.Equal(50, (int)Model.GetShape("tagListType").Max);
            var key = ServiceModelValidator.CompilePattern(Model.GetShape("tagKeyType").Pattern);
            foreach (var k in new[] { "team", "cost center", "a:b/c=d+e-f@g_h.i", "a#b", "a,b" })
            {
                bool modelAccepts = key.IsMatch(k);
                bool alonzoAccepts = Accepts(() => RoleRules.Tags(new System.Collections.Generic.Dictionary<string, string> { [k] = "v" }));
                Assert.True(modelAccepts == alonzoAccepts, $"tag key '{k}': model {modelAccepts}, Alonzo {alonzoAccepts}");
            }
        }

        [Theory]
        [InlineData("arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole", true)]
        [InlineData("arn:aws:iam::aws:policy/AWSLambdaExecute", true)]
        [InlineData("arn:aws:iam::123456789012:policy/team/app/my-policy", true)]
        [InlineData("arn:aws-cn:iam::123456789012:policy/p", true)]
        [InlineData("arn:aws-us-gov:iam::aws:policy/p", true)]
        [InlineData("AWSLambdaExecute", false)]
        [InlineData("arn:aws:iam::aws:role/x", false)]
        [InlineData("arn:aws:iam::1234:policy/x", false)]
        [InlineData("arn:aws:s3:::bucket", false)]
        [InlineData("arn:aws:iam::aws:policy/", false)]
        public void Policy_arns(string arn, bool valid)
        {
            Assert.Equal(valid, Accepts(() => RoleRules.PolicyArn(arn)));
        }

        [Theory]
        [InlineData("arn:aws:iam::123456789012:role/plain", "plain")]
        [InlineData("arn:aws:iam::123456789012:role/service-role/nested", "nested")]
        [InlineData("arn:aws:iam::123456789012:role/a/b/c/deep", "deep")]
        [InlineData("arn:aws:iam::123456789012:user/bob", null)]
        [InlineData("plain", null)]
        public void Role_names_come_out_of_arns(string arn, string name)
        {
            Assert.Equal(name, RoleRules.RoleNameFromArn(arn));
        }

        private static bool Accepts(Action action)
        {
            try
            {
                action();
                return true;
            }
            catch (AlonzoValidationException)
            {
                return false;
            }
        }
    }
}
