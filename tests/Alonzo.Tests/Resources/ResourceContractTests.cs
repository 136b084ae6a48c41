using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Functions;
using Alonzo.Mappings;
using Alonzo.Resources;
using Alonzo.Roles;
using Alonzo.Sessions;
using Alonzo.Streams;
using Alonzo.Tests.Emulators;
using Alonzo.Tests.Packaging;
using Xunit;

namespace Alonzo.Tests.Resources
{
    /// <summary>
    /// The resource contract against moto_server, for each kind: the plan on an empty account is a
    /// Create with every property; after apply the plan is empty; a changed field shows exactly its
    /// path, before and after; sensitive values never show; removals are plans applied in order.
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class ResourceContractTests : IDisposable
    {
        private const string KinesisPolicy = "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole";
        private const string Secret = "canary-8c1f-secret-value";
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly AlonzoContext _context;
        private readonly string _id = Guid.NewGuid().ToString("N").Substring(0, 8);
        private readonly TempTree _tree = new TempTree();

        public ResourceContractTests(MotoServer moto)
        {
            _context = moto.Context();
            _tree.Write("lambda_function.py", "def lambda_handler(event, context):\n    return {'records': len(event.get('Records', []))}\n");
        }

        public void Dispose() => _tree.Dispose();

        private StreamOperations Streams() => new StreamOperations(_context) { Timeout = TimeSpan.FromSeconds(30) };
        private RoleOperations Roles() => new RoleOperations(_context);
        private FunctionOperations Functions() => new FunctionOperations(_context) { Timeout = TimeSpan.FromSeconds(30) };
        private EventMappingOperations Mappings() => new EventMappingOperations(_context) { Timeout = TimeSpan.FromSeconds(30) };

        private static ResourceChange Only(ResourcePlan plan, string path) => Assert.Single(plan.Changes, c => c.Path == path);

        private static IEnumerable<string> Renderings(ResourcePlan plan) =>
            new[] { plan.ToString() }.Concat(plan.Describe())
                .Concat(plan.Changes.SelectMany(c => new[] { c.Summary, c.Done, c.ToString(), ResourceChange.Show(c.Before), ResourceChange.Show(c.After) }));

        private async Task<FunctionSpec> FunctionSpec(string name, string role, int? memory = null, string secret = Secret) => new FunctionSpec
        {
            Name = name,
            Handler = "lambda_function.lambda_handler",
            Runtime = "python3.12",
            Role = role,
            MemorySize = memory,
            Environment = new Dictionary<string, string> { ["API_TOKEN"] = secret, ["MODE"] = "test" },
            Code = await DeploymentZip.FromFolderAsync(_tree.Root, "lambda_function.lambda_handler", "python3.12", null, None),
        };

        [Fact]
        public async Task Stream_plans_create_then_nothing_then_exactly_the_changed_field_and_removes_as_a_plan()
        {
            var ops = Streams();
            var spec = new StreamSpec { Name = "contract-" + _id, ShardCount = 1, RetentionHours = 48, Tags = new Dictionary<string, string> { ["team"] = "data" } };

            var create = await ops.PlanAsync(spec, null, None);
            Assert.Equal(PlanAction.Create, create.Action);
            Assert.Equal(ResourceKey.Stream(spec.Name), create.Key);
            Assert.Equal(new[] { "", "Mode", "ShardCount", "RetentionHours", "Tags" }, create.Changes.Select(c => c.Path));
            Assert.Equal(48, Only(create, "RetentionHours").After);
            Assert.All(create.Changes.Skip(1), c => Assert.True(c.IsPartOfCreate));

            var stream = await ops.ApplyAsync(create, null, None);
            Assert.Equal(ResourceAction.Created, stream.Action);
            Assert.Same(stream, create.Result);
            Assert.Equal(48, stream.RetentionHours);

            var again = await ops.PlanAsync(spec, null, None);
            Assert.Equal(PlanAction.None, again.Action);
            Assert.Empty(again.Changes);

            spec.RetentionHours = 72;
            var changed = await ops.PlanAsync(spec, null, None);
            Assert.Equal(PlanAction.Update, changed.Action);
            var retention = Assert.Single(changed.Changes);
            Assert.Equal(("RetentionHours", (object)48, (object)72), (retention.Path, retention.Before, retention.After));
            Assert.Equal(72, (await ops.ApplyAsync(changed, null, None)).RetentionHours);

            var removal = await ops.PlanRemoveAsync(spec.Name, null, None);
            Assert.Equal(PlanAction.Remove, removal.Action);
            Assert.Equal(new[] { ChangeOperation.Delete, ChangeOperation.Wait }, removal.Changes.Select(c => c.Operation));
            Assert.Null(await ops.ApplyAsync(removal, null, None));
            Assert.Null(await ops.ReadAsync(spec.Name, None));
            Assert.Equal(PlanAction.None, (await ops.PlanRemoveAsync(spec.Name, null, None)).Action);
        }

        [Fact]
        public async Task Role_plans_every_property_on_create_and_its_teardown_steps_in_order()
        {
            var ops = Roles();
            var spec = new RoleSpec
            {
                Name = "contract-role-" + _id,
                ManagedPolicyArns = new[] { KinesisPolicy },
                InlinePolicies = new System.Collections.Hashtable { ["logs"] = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"logs:PutLogEvents\",\"Resource\":\"*\"}]}" },
                Description = "contract",
                Tags = new Dictionary<string, string> { ["team"] = "data" },
            };
            var create = await ops.PlanAsync(spec, null, None);
            Assert.Equal(PlanAction.Create, create.Action);
            Assert.Equal(new[] { ("", (string)null), ("Description", null), ("Tags", null), ("ManagedPolicyArns", KinesisPolicy), ("InlinePolicies", "logs") },
                create.Changes.Select(c => (c.Path, c.Item)));
            Assert.Contains("lambda.amazonaws.com", (string)create.Changes[0].After);

            var role = await ops.ApplyAsync(create, null, None);
            Assert.Equal(ResourceAction.Created, role.Action);
            Assert.Equal(PlanAction.None, (await ops.PlanAsync(spec, null, None)).Action);

            spec.Description = "changed";
            var changed = await ops.PlanAsync(spec, null, None);
            var description = Assert.Single(changed.Changes);
            Assert.Equal(("Description", (object)"contract", (object)"changed"), (description.Path, description.Before, description.After));
            await ops.ApplyAsync(changed, null, None);

            var removal = await ops.PlanRemoveAsync(spec.Name, null, None);
            Assert.Equal(new[] { (ChangeOperation.Remove, "ManagedPolicyArns"), (ChangeOperation.Remove, "InlinePolicies"), (ChangeOperation.Delete, "") },
                removal.Changes.Select(c => (c.Operation, c.Path)));
            Assert.Null(await ops.ApplyAsync(removal, null, None));
            Assert.Null(await ops.ReadAsync(spec.Name, None));
        }

        [Fact]
        public async Task Function_environment_values_never_show_in_any_rendering()
        {
            var role = await Roles().EnsureAsync(new RoleSpec { Name = "contract-fn-role-" + _id, ManagedPolicyArns = new[] { KinesisPolicy } }, None);
            var ops = Functions();
            var spec = await FunctionSpec("contract-fn-" + _id, role.RoleName);

            var create = await ops.PlanAsync(spec, null, None);
            Assert.Equal(PlanAction.Create, create.Action);
            Assert.Equal(new[] { "", "Code", "Handler", "Runtime", "Role", "MemorySize", "Timeout", "Architecture", "Environment" }, create.Changes.Select(c => c.Path));
            Assert.Equal(role.Arn, Only(create, "Role").After);
            Assert.True(Only(create, "Environment").Sensitive);
            Assert.Equal(new[] { ResourceKey.Role(role.RoleName) }, create.DependsOn);
            Assert.DoesNotContain(Renderings(create), r => r.Contains(Secret));

            var function = await ops.ApplyAsync(create, null, None);
            Assert.Equal(ResourceAction.Created, function.Action);
            Assert.Equal(PlanAction.None, (await ops.PlanAsync(spec, null, None)).Action);

            var changed = await ops.PlanAsync(await FunctionSpec(spec.Name, role.RoleName, memory: 256, secret: Secret + "-rotated"), null, None);
            Assert.Equal(new[] { "MemorySize", "Environment" }, changed.Changes.Select(c => c.Path));
            Assert.Equal(((object)128, (object)256), (Only(changed, "MemorySize").Before, Only(changed, "MemorySize").After));
            var environment = Only(changed, "Environment");
            Assert.Equal((ResourceChange.Hidden, ResourceChange.Hidden), (environment.Before, environment.After));
            Assert.Equal("Environment variables changed: API_TOKEN", environment.Summary);
            Assert.DoesNotContain(Renderings(changed), r => r.Contains(Secret));
            var updated = await ops.ApplyAsync(changed, null, None);
            Assert.Equal(256, updated.MemorySize);
            Assert.Equal(new[] { "MemorySize 128 -> 256", "Environment variables changed: API_TOKEN" }, updated.Changes);

            var removal = await ops.PlanRemoveAsync(spec.Name, null, None);
            Assert.Equal(ChangeOperation.Delete, Assert.Single(removal.Changes).Operation);
            await ops.ApplyAsync(removal, null, None);
            Assert.Null(await ops.ReadAsync(spec.Name, None));
        }

        [Fact]
        public async Task A_whole_pipeline_plans_before_any_of_it_exists_and_applies_in_dependency_order()
        {
            var scope = new ResourceScope();
            string name = "contract-pipe-" + _id;
            var streams = Streams();
            var roles = Roles();
            var functions = Functions();
            var mappings = Mappings();

            var roleSpec = new RoleSpec { Name = name + "-role", ManagedPolicyArns = new[] { KinesisPolicy } };
            var streamSpec = new StreamSpec { Name = name, ShardCount = 1 };
            var functionSpec = await FunctionSpec(name, roleSpec.Name);
            var mappingSpec = new EventMappingSpec { FunctionName = name, StreamName = name, StartingPosition = "TRIM_HORIZON", BatchSize = 50 };

            // Planned on an empty account: each plan may refer to what an earlier plan creates.
            var plans = new List<ResourcePlan>();
            foreach (var plan in new[]
            {
                await streams.PlanAsync(streamSpec, scope, None),
                await roles.PlanAsync(roleSpec, scope, None),
            })
            {
                scope.AddPlan(plan);
                plans.Add(plan);
            }
            var functionPlan = await functions.PlanAsync(functionSpec, scope, None);
            scope.AddPlan(functionPlan);
            var mappingPlan = await mappings.PlanAsync(mappingSpec, scope, None);
            Assert.All(plans.Concat(new[] { functionPlan, mappingPlan }), p => Assert.Equal(PlanAction.Create, p.Action));
            Assert.Equal($"(known after apply: Role {roleSpec.Name} Arn)", Only(functionPlan, "Role").After);
            Assert.Equal(new[] { ResourceKey.Stream(name), ResourceKey.Function(name) }, mappingPlan.DependsOn);
            Assert.Equal(50, Only(mappingPlan, "BatchSize").After);

            await streams.ApplyAsync(plans[0], scope, None);
            var role = await roles.ApplyAsync(plans[1], scope, None);
            var function = await functions.ApplyAsync(functionPlan, scope, None);
            var mapping = await mappings.ApplyAsync(mappingPlan, scope, None);

            Assert.Equal(role.Arn, function.Role);
            Assert.Equal(ResourceAction.Created, mapping.Action);
            Assert.Equal(function.FunctionArn, mapping.FunctionArn);
            Assert.Equal(50, mapping.BatchSize);

            // Planned again on what now exists: nothing to do for any of them.
            var fresh = new ResourceScope();
            Assert.Equal(PlanAction.None, (await streams.PlanAsync(streamSpec, fresh, None)).Action);
            Assert.Equal(PlanAction.None, (await roles.PlanAsync(roleSpec, fresh, None)).Action);
            Assert.Equal(PlanAction.None, (await functions.PlanAsync(functionSpec, fresh, None)).Action);
            Assert.Equal(PlanAction.None, (await mappings.PlanAsync(mappingSpec, fresh, None)).Action);

            mappingSpec.BatchSize = 25;
            var batch = Assert.Single((await mappings.PlanAsync(mappingSpec, fresh, None)).Changes);
            Assert.Equal(("BatchSize", (object)50, (object)25), (batch.Path, batch.Before, batch.After));

            // Teardown in reverse order, each as a plan.
            var mappingRemoval = await mappings.PlanRemoveAsync(mapping.UUID, fresh, None);
            Assert.Equal(PlanAction.Remove, mappingRemoval.Action);
            await mappings.ApplyAsync(mappingRemoval, fresh, None);
            await functions.ApplyAsync(await functions.PlanRemoveAsync(name, fresh, None), fresh, None);
            await roles.ApplyAsync(await roles.PlanRemoveAsync(roleSpec.Name, fresh, None), fresh, None);
            await streams.ApplyAsync(await streams.PlanRemoveAsync(name, fresh, None), fresh, None);
            Assert.Null(await functions.ReadAsync(name, None));
            Assert.Null(await roles.ReadAsync(roleSpec.Name, None));
        }

        [Fact]
        public async Task Only_the_approved_changes_of_an_update_are_made()
        {
            var role = await Roles().EnsureAsync(new RoleSpec { Name = "contract-approve-role-" + _id }, None);
            var ops = Functions();
            var spec = await FunctionSpec("contract-approve-" + _id, role.RoleName);
            await ops.ApplyAsync(await ops.PlanAsync(spec, null, None), null, None);

            spec.MemorySize = 512;
            spec.Timeout = 30;
            var plan = await ops.PlanAsync(spec, null, None);
            Assert.Equal(new[] { "MemorySize", "Timeout" }, plan.Changes.Select(c => c.Path));
            var memory = Only(plan, "MemorySize").Id;

            var result = await ops.ApplyAsync(plan, new ResourceScope { Approve = id => id.Equals(memory) }, None);
            Assert.Equal(new[] { "MemorySize 128 -> 512" }, result.Changes);
            var now = await ops.ReadAsync(spec.Name, None);
            Assert.Equal((512, 3), (now.MemorySize, now.Timeout));

            Assert.Null(await ops.ApplyAsync(await ops.PlanAsync(spec, null, None), new ResourceScope { Approve = _ => false }, None));
            Assert.Equal(3, (await ops.ReadAsync(spec.Name, None)).Timeout);
        }

        [Fact]
        public async Task A_single_command_still_fails_clearly_when_a_dependency_does_not_exist()
        {
            var missingRole = await Assert.ThrowsAsync<AlonzoOperationException>(async () =>
                await Functions().PlanAsync(await FunctionSpec("contract-norole-" + _id, "no-such-role-" + _id), null, None));
            Assert.Equal("RoleNotFound", missingRole.ErrorId);

            var missingStream = await Assert.ThrowsAsync<AlonzoOperationException>(() =>
                Mappings().PlanAsync(new EventMappingSpec { FunctionName = "f", StreamName = "no-such-stream-" + _id }, null, None));
            Assert.Equal("StreamNotFound", missingStream.ErrorId);
        }
    }
}
