using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Iam;
using Alonzo.Aws.Runtime;
using Alonzo.Sessions;
using Alonzo.Tests.ServiceModels;
using Xunit;

namespace Alonzo.Tests.Iam
{
    /// <summary>Every request the IAM client builds, checked against the official iam model; replies and errors parsed.</summary>
    public sealed class IamClientTests
    {
        private static readonly ServiceModelValidator Validator = ServiceModelValidator.For("iam");

        private const string KinesisRoleArn = "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole";

        public static IEnumerable<object[]> Calls()
        {
            yield return Call("GetRole", c => c.GetRoleAsync("alonzo-role", default));
            yield return Call("CreateRole", c => c.CreateRoleAsync(new CreateRoleRequest
            {
                RoleName = "alonzo-role",
                AssumeRolePolicyDocument = IamReplies.TrustJson,
                Description = "Runs the alonzo function",
                Path = "/service-role/",
                MaxSessionDuration = 7200,
                Tags = new List<Tag> { new Tag("team", "data"), new Tag("cost center", "") },
            }, default));
            yield return Call("CreateRole", c => c.CreateRoleAsync(new CreateRoleRequest { RoleName = "r+=,.@_-", AssumeRolePolicyDocument = IamReplies.TrustJson }, default));
            yield return Call("UpdateRole", c => c.UpdateRoleAsync(new UpdateRoleRequest { RoleName = "alonzo-role", Description = "new words" }, default));
            yield return Call("UpdateRole", c => c.UpdateRoleAsync(new UpdateRoleRequest { RoleName = "alonzo-role", Description = "", MaxSessionDuration = 3600 }, default));
            yield return Call("DeleteRole", c => c.DeleteRoleAsync("alonzo-role", default));
            yield return Call("UpdateAssumeRolePolicy", c => c.UpdateAssumeRolePolicyAsync("alonzo-role", IamReplies.TrustJson, default));
            yield return Call("ListRoles", c => c.ListRolesAsync(new ListRolesRequest(), default));
            yield return Call("ListRoles", c => c.ListRolesAsync(new ListRolesRequest { PathPrefix = "/service-role/", Marker = "m2", MaxItems = 1000 }, default));
            yield return Call("ListAttachedRolePolicies", c => c.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = "alonzo-role" }, default));
            yield return Call("ListAttachedRolePolicies", c => c.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = "alonzo-role", PathPrefix = "/", Marker = "1", MaxItems = 1 }, default));
            yield return Call("AttachRolePolicy", c => c.AttachRolePolicyAsync("alonzo-role", KinesisRoleArn, default));
            yield return Call("DetachRolePolicy", c => c.DetachRolePolicyAsync("alonzo-role", KinesisRoleArn, default));
            yield return Call("GetPolicy", c => c.GetPolicyAsync(KinesisRoleArn, default));
            yield return Call("ListRolePolicies", c => c.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = "alonzo-role" }, default));
            yield return Call("ListRolePolicies", c => c.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = "alonzo-role", Marker = "p2", MaxItems = 2 }, default));
            yield return Call("GetRolePolicy", c => c.GetRolePolicyAsync("alonzo-role", "logs", default));
            yield return Call("PutRolePolicy", c => c.PutRolePolicyAsync(new PutRolePolicyRequest
            {
                RoleName = "alonzo-role",
                PolicyName = "logs",
                PolicyDocument = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"arn:aws:logs:*:*:*\"}]}",
            }, default));
            yield return Call("DeleteRolePolicy", c => c.DeleteRolePolicyAsync("alonzo-role", "logs", default));
            yield return Call("TagRole", c => c.TagRoleAsync("alonzo-role", new List<Tag> { new Tag("team", "data"), new Tag("env", "dev") }, default));
            yield return Call("ListRoleTags", c => c.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = "alonzo-role" }, default));
            yield return Call("ListRoleTags", c => c.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = "alonzo-role", Marker = "1", MaxItems = 50 }, default));
            yield return Call("ListInstanceProfilesForRole", c => c.ListInstanceProfilesForRoleAsync(new ListInstanceProfilesForRoleRequest { RoleName = "alonzo-role", Marker = "x" }, default));
            yield return Call("RemoveRoleFromInstanceProfile", c => c.RemoveRoleFromInstanceProfileAsync("Webserver", "alonzo-role", default));
        }

        private static object[] Call(string operation, Func<IIamClient, Task> call) => new object[] { operation, new Invocation(call) };

        /// <summary>Wraps the delegate so xunit shows a readable case name.</summary>
        public sealed class Invocation
        {
            public Invocation(Func<IIamClient, Task> call) { Call = call; }
            public Func<IIamClient, Task> Call { get; }
            public override string ToString() => "call";
        }

        private static RecordingHttpHandler Handler() =>
            new RecordingHttpHandler(r => IamReplies.Xml(IamReplies.Empty(IamReplies.Form(r)["Action"])));

        [Theory]
        [MemberData(nameof(Calls))]
        public async Task Request_matches_the_service_model(string operation, Invocation invocation)
        {
            var handler = Handler();
            await invocation.Call(TestSessions.Context(handler).Iam);

            var request = Assert.Single(handler.Requests);
            Assert.Equal(operation, Validator.IdentifyOperation(request));
            Validator.AssertValid(operation, request);
            Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Headers["Content-Type"]);
            Assert.StartsWith("Action=" + operation + "&Version=2010-05-08", request.BodyText);
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", request.Headers["Authorization"]);
            Assert.Contains("/us-east-1/iam/aws4_request", request.Headers["Authorization"]);
        }

        [Fact]
        public void Every_client_method_is_covered_and_exists_in_the_model()
        {
            var covered = Calls().Select(c => (string)c[0]).Distinct().ToList();
            var methods = typeof(IIamClient).GetMethods().Select(m => m.Name.Replace("Async", "")).ToList();
            Assert.Empty(methods.Except(covered));
            var model = ServiceModelCatalog.Get("iam");
            foreach (var name in methods)
                Assert.NotNull(model.GetOperation(name));
        }

        [Fact]
        public async Task Create_role_flattens_tags_and_encodes_the_document_as_form_data()
        {
            var handler = new RecordingHttpHandler(_ => IamReplies.Xml(IamReplies.CreateRole));
            await TestSessions.Context(handler).Iam.CreateRoleAsync(new CreateRoleRequest
            {
                RoleName = "r1",
                AssumeRolePolicyDocument = IamReplies.TrustJson,
                Tags = new List<Tag> { new Tag("team", "core"), new Tag("env", "a b+c") },
            }, CancellationToken.None);

            var form = IamReplies.Form(handler.Last);
            Assert.Equal(IamReplies.TrustJson, form["AssumeRolePolicyDocument"]);
            Assert.Equal("team", form["Tags.member.1.Key"]);
            Assert.Equal("core", form["Tags.member.1.Value"]);
            Assert.Equal("env", form["Tags.member.2.Key"]);
            Assert.Equal("a b+c", form["Tags.member.2.Value"]);
            // RFC 3986 percent-encoding: a space is %20 and a plus %2B, never a bare '+'.
            Assert.Contains("Tags.member.2.Value=a%20b%2Bc", handler.Last.BodyText);
            Assert.Contains("AssumeRolePolicyDocument=%7B%22Version%22%3A%222012-10-17%22", handler.Last.BodyText);
            Assert.False(form.ContainsKey("Description"));
            Assert.False(form.ContainsKey("Path"));
        }

        [Fact]
        public async Task Iam_is_signed_for_us_east_1_whatever_the_region()
        {
            var handler = Handler();
            var context = new AlonzoContext(TestSessions.Create(region: "eu-west-1"), null, handler);
            await context.Iam.GetRoleAsync("r", CancellationToken.None);
            Assert.Contains("/us-east-1/iam/aws4_request", handler.Last.Headers["Authorization"]);
            Assert.DoesNotContain("eu-west-1", handler.Last.Headers["Authorization"]);
        }

        [Fact]
        public async Task Reads_a_role_and_decodes_its_trust_policy()
        {
            var handler = new RecordingHttpHandler(_ => IamReplies.Xml(IamReplies.GetRole));
            var role = await TestSessions.Context(handler).Iam.GetRoleAsync("r1", CancellationToken.None);

            Assert.Equal("r1", role.RoleName);
            Assert.Equal("arn:aws:iam::123456789012:role/r1", role.Arn);
            Assert.Equal("AROARZPUZDIKGX63TYK44", role.RoleId);
            Assert.Equal("/", role.Path);
            Assert.Equal("desc", role.Description);
            Assert.Equal(3600, role.MaxSessionDuration);
            Assert.Equal(IamReplies.TrustJson, role.AssumeRolePolicyDocument);
            Assert.Equal(new DateTime(2026, 11, 27, 16, 13, 29, DateTimeKind.Utc).AddTicks(6962580), role.CreateDate);
            Assert.Equal(DateTimeKind.Utc, role.CreateDate.Value.Kind);
            var tag = Assert.Single(role.Tags);
            Assert.Equal(("team", "core"), (tag.Key, tag.Value));
            Assert.Null(role.RoleLastUsedDate);
        }

        [Fact]
        public async Task Reads_the_documentation_example_with_a_path_and_plain_json()
        {
            var handler = new RecordingHttpHandler(_ => IamReplies.Xml(IamReplies.GetRoleDocsExample));
            var role = await TestSessions.Context(handler).Iam.GetRoleAsync("S3Access", CancellationToken.None);

            Assert.Equal("/application_abc/component_xyz/", role.Path);
            Assert.Equal("arn:aws:iam::123456789012:role/application_abc/component_xyz/S3Access", role.Arn);
            Assert.Contains("\"ec2.amazonaws.com\"", role.AssumeRolePolicyDocument);
            Assert.Equal(new DateTime(2019, 11, 20, 17, 9, 20, DateTimeKind.Utc), role.RoleLastUsedDate);
            Assert.Equal(new DateTime(2012, 5, 8, 23, 34, 1, DateTimeKind.Utc), role.CreateDate);
            Assert.Empty(role.Tags);
        }

        [Fact]
        public async Task Reads_an_inline_policy_and_decodes_it()
        {
            var handler = new RecordingHttpHandler(_ => IamReplies.Xml(IamReplies.GetRolePolicy));
            var policy = await TestSessions.Context(handler).Iam.GetRolePolicyAsync("r1", "p1", CancellationToken.None);

            Assert.Equal("r1", policy.RoleName);
            Assert.Equal("p1", policy.PolicyName);
            Assert.Equal("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}", policy.PolicyDocument);
        }

        [Theory]
        [InlineData("%7B%22a%22%3A%22b%22%7D", "{\"a\":\"b\"}")]
        // A literal '+' stays a plus (botocore's unquote), %2B and %20 decode.
        [InlineData("%7B%22k%22%3A%22a+b%2Bc%20d%22%7D", "{\"k\":\"a+b+c d\"}")]
        // Multi-byte UTF-8.
        [InlineData("%7B%22k%22%3A%22%C3%A9%22%7D", "{\"k\":\"é\"}")]
        // Already plain JSON (moto's ListRoles, documentation examples): a '%' inside must survive.
        [InlineData("{\"Condition\":{\"StringLike\":{\"s3:prefix\":\"100%25\"}}}", "{\"Condition\":{\"StringLike\":{\"s3:prefix\":\"100%25\"}}}")]
        [InlineData("  \n {\"a\":1}", "  \n {\"a\":1}")]
        [InlineData("", "")]
        [InlineData(null, null)]
        public void Policy_documents_are_url_decoded(string wire, string expected)
        {
            Assert.Equal(expected, IamClient.DecodePolicyDocument(wire));
        }

        [Fact]
        public async Task Reads_list_pages_with_markers()
        {
            var handler = new RecordingHttpHandler(_ => IamReplies.Xml(IamReplies.ListAttachedTruncated));
            var page = await TestSessions.Context(handler).Iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = "r1", MaxItems = 1 }, CancellationToken.None);
            Assert.True(page.IsTruncated);
            Assert.Equal("1", page.Marker);
            var attached = Assert.Single(page.AttachedPolicies);
            Assert.Equal("AWSLambdaExecute", attached.PolicyName);
            Assert.Equal("arn:aws:iam::aws:policy/AWSLambdaExecute", attached.PolicyArn);

            handler = new RecordingHttpHandler(_ => IamReplies.Xml(IamReplies.ListRolePolicies));
            var names = await TestSessions.Context(handler).Iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = "r1" }, CancellationToken.None);
            Assert.Equal(new[] { "p1", "p2", "p3" }, names.PolicyNames);
            Assert.False(names.IsTruncated);
            Assert.Null(names.Marker);

            handler = new RecordingHttpHandler(_ => IamReplies.Xml(IamReplies.ListRoleTagsTruncated));
            var tags = await TestSessions.Context(handler).Iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = "r1" }, CancellationToken.None);
            Assert.True(tags.IsTruncated);
            Assert.Equal("dev", Assert.Single(tags.Tags).Value);
        }

        [Fact]
        public async Task Reads_roles_policies_and_instance_profiles()
        {
            var handler = new RecordingHttpHandler(_ => IamReplies.Xml(IamReplies.ListRoles));
            var roles = await TestSessions.Context(handler).Iam.ListRolesAsync(new ListRolesRequest(), CancellationToken.None);
            Assert.Equal(new[] { "r2", "r1" }, roles.Roles.Select(r => r.RoleName));
            Assert.Equal(IamReplies.TrustJson, roles.Roles[1].AssumeRolePolicyDocument);
            Assert.Equal("{}", roles.Roles[0].AssumeRolePolicyDocument);
            Assert.True(roles.IsTruncated);
            Assert.Equal("m2", roles.Marker);

            handler = new RecordingHttpHandler(_ => IamReplies.Xml(IamReplies.GetPolicy));
            var policy = await TestSessions.Context(handler).Iam.GetPolicyAsync(KinesisRoleArn, CancellationToken.None);
            Assert.Equal("AWSLambdaKinesisExecutionRole", policy.PolicyName);
            Assert.Equal(KinesisRoleArn, policy.Arn);
            Assert.Equal("/service-role/", policy.Path);
            Assert.Equal("v2", policy.DefaultVersionId);
            Assert.True(policy.IsAttachable);
            Assert.Equal(1, policy.AttachmentCount);

            handler = new RecordingHttpHandler(_ => IamReplies.Xml(IamReplies.ListInstanceProfilesForRole));
            var profiles = await TestSessions.Context(handler).Iam.ListInstanceProfilesForRoleAsync(new ListInstanceProfilesForRoleRequest { RoleName = "S3Access" }, CancellationToken.None);
            var profile = Assert.Single(profiles.InstanceProfiles);
            // The nested role's own <Path> must not be mistaken for the profile's.
            Assert.Equal("Webserver", profile.InstanceProfileName);
            Assert.Equal("arn:aws:iam::123456789012:instance-profile/application_abc/component_xyz/Webserver", profile.Arn);
        }

        [Fact]
        public async Task Created_role_is_read_from_the_reply()
        {
            var handler = new RecordingHttpHandler(_ => IamReplies.Xml(IamReplies.CreateRole));
            var role = await TestSessions.Context(handler).Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "r1", AssumeRolePolicyDocument = IamReplies.TrustJson }, CancellationToken.None);
            Assert.Equal("arn:aws:iam::123456789012:role/r1", role.Arn);
            Assert.Equal(IamReplies.TrustJson, role.AssumeRolePolicyDocument);
        }

        [Theory]
        [InlineData("NoSuchEntity", HttpStatusCode.NotFound, typeof(AwsResourceNotFoundException))]
        [InlineData("EntityAlreadyExists", HttpStatusCode.Conflict, typeof(AwsConflictException))]
        [InlineData("DeleteConflict", HttpStatusCode.Conflict, typeof(AwsConflictException))]
        [InlineData("MalformedPolicyDocument", HttpStatusCode.BadRequest, typeof(AwsValidationException))]
        [InlineData("InvalidInput", HttpStatusCode.BadRequest, typeof(AwsValidationException))]
        [InlineData("AccessDenied", HttpStatusCode.Forbidden, typeof(AwsAccessDeniedException))]
        [InlineData("InvalidClientTokenId", HttpStatusCode.Forbidden, typeof(AwsAuthenticationException))]
        public async Task Error_replies_become_typed_exceptions(string code, HttpStatusCode status, Type expected)
        {
            var handler = new RecordingHttpHandler(_ => IamReplies.Xml(IamReplies.Error(code, "Role nope not found"), status));
            var context = TestSessions.Context(handler, AwsRetryRules.NoRetry());
            var e = await Assert.ThrowsAnyAsync<AwsServiceException>(() => context.Iam.GetRoleAsync("nope", CancellationToken.None));
            Assert.IsType(expected, e);
            Assert.Equal(code, e.ErrorCode);
            Assert.Equal("Role nope not found", e.ServiceMessage);
            Assert.Equal("jpDkoafJVPqpp20ZbKXRftF2RfRIDrCKe6fgt6ykhKEBx32dF3Ir", e.RequestId);
            Assert.Equal("IAM", e.Service);
            Assert.Equal("GetRole", e.Operation);
        }

        [Fact]
        public async Task A_reply_that_is_not_xml_is_an_error_not_an_empty_result()
        {
            var handler = new RecordingHttpHandler(_ => IamReplies.Xml("<GetRoleResponse><GetRoleResult><Role>"));
            await Assert.ThrowsAsync<System.IO.InvalidDataException>(() => TestSessions.Context(handler).Iam.GetRoleAsync("r", CancellationToken.None));
        }

        [Fact]
        public void Form_body_keeps_parameter_order_and_skips_absent_members()
        {
            var form = QueryClient.BuildForm("ListRoles", "2010-05-08", new QueryParameters().Add("PathPrefix", (string)null).Add("MaxItems", 10).Add("Marker", "a/b=c"));
            Assert.Equal("Action=ListRoles&Version=2010-05-08&MaxItems=10&Marker=a%2Fb%3Dc", form);
        }
    }
}
