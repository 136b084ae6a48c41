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
using Alonzo.Waiting;

namespace Alonzo.Pipelines
{
    /// <summary>The plans of one pipeline, in the order they are applied.</summary>
    public sealed class PipelinePlan
    {
        internal PipelinePlan(string pipeline, IReadOnlyList<ResourcePlan> plans)
        {
            Pipeline = pipeline;
            Plans = plans;
        }

        public string Pipeline { get; }
        /// <summary>Creates and updates in dependency order, then removals in reverse dependency order.</summary>
        public IReadOnlyList<ResourcePlan> Plans { get; }
        public bool IsEmpty => Plans.All(p => p.IsEmpty);
        public override string ToString() => $"Pipeline {Pipeline}: {Plans.Count(p => !p.IsEmpty)} resource(s) to change";
    }

    /// <summary>
    /// Whole pipelines through the same engine operations the single cmdlets use. The account is
    /// the state: every resource a pipeline owns carries the tag alonzo:pipeline=&lt;name&gt;, and its
    /// stream (the pipeline's anchor) also names the role and function it owns, so a deploy finds
    /// what the spec no longer has and a teardown removes exactly what was made. A mapping is owned
    /// when both its stream and its function are.
    /// </summary>
    public sealed class PipelineOperations
    {
        public const string PipelineTag = "alonzo:pipeline";
        public const string RoleTag = "alonzo:role";
        public const string FunctionTag = "alonzo:function";

        private readonly AlonzoContext _context;

        public PipelineOperations(AlonzoContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        public event Action<string> Info;
        public event Action<string> Warning;

        /// <summary>How long each wait may take.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(300);
        /// <summary>Take over resources with the spec's names that the pipeline does not own (they get its mark).</summary>
        public bool Adopt { get; set; }

        private StreamOperations Streams()
        {
            var ops = new StreamOperations(_context) { Timeout = Timeout, Wait = true };
            ops.Info += m => Info?.Invoke(m);
            ops.Warning += m => Warning?.Invoke(m);
            return ops;
        }

        private RoleOperations Roles()
        {
            var ops = new RoleOperations(_context);
            ops.Info += m => Info?.Invoke(m);
            ops.Warning += m => Warning?.Invoke(m);
            return ops;
        }

        private FunctionOperations Functions()
        {
            var ops = new FunctionOperations(_context) { Timeout = Timeout };
            ops.Info += m => Info?.Invoke(m);
            ops.Warning += m => Warning?.Invoke(m);
            return ops;
        }

        private EventMappingOperations Mappings(bool wait = true)
        {
            var ops = new EventMappingOperations(_context) { Timeout = Timeout, Wait = wait };
            ops.Info += m => Info?.Invoke(m);
            ops.Warning += m => Warning?.Invoke(m);
            return ops;
        }

        // ------------------------------------------------------------------ plan

        /// <summary>
        /// Works out every change a deploy would make, from read calls only: the spec's resources in
        /// dependency order (each may refer to what an earlier one creates), then the removal of owned
        /// resources the spec no longer has. A resource with the spec's name that the pipeline does not
        /// own is an error (ResourceNotOwned) unless Adopt is set.
        /// </summary>
        public Task<PipelinePlan> PlanAsync(PipelineSpec spec, CancellationToken cancellationToken) =>
            PlanAsync(spec, false, cancellationToken);

        private async Task<PipelinePlan> PlanAsync(PipelineSpec spec, bool forStatus, CancellationToken cancellationToken)
        {
            spec.Function.Code = await LoadCodeAsync(spec, cancellationToken).ConfigureAwait(false);
            Mark(spec);
            var scope = new ResourceScope();
            var plans = new List<ResourcePlan>();

            var streamPlan = await Streams().PlanAsync(spec.Stream, scope, cancellationToken).ConfigureAwait(false);
            var anchor = streamPlan.Current as AlonzoStream;
            CheckOwner(spec.Name, streamPlan, anchor?.Tags, forStatus);
            Add(streamPlan);

            var rolePlan = await Roles().PlanAsync(spec.Role, scope, cancellationToken).ConfigureAwait(false);
            CheckOwner(spec.Name, rolePlan, (rolePlan.Current as AlonzoRole)?.Tags, forStatus);
            Add(rolePlan);

            var functionPlan = await Functions().PlanAsync(spec.Function, scope, cancellationToken).ConfigureAwait(false);
            CheckOwner(spec.Name, functionPlan, (functionPlan.Current as AlonzoFunction)?.Tags, forStatus);
            Add(functionPlan);

            if (spec.EventMapping != null)
                Add(await Mappings().PlanAsync(spec.EventMapping, scope, cancellationToken).ConfigureAwait(false));

            // What the anchor says the pipeline owned before, and the spec no longer has. When the
            // spec's stream is new, an earlier anchor (the stream before a rename) is looked for.
            var removals = new List<ResourcePlan>();
            var anchors = new List<AlonzoStream>();
            if (anchor != null && IsMarked(anchor.Tags, spec.Name)) anchors.Add(anchor);
            else if (streamPlan.Action == PlanAction.Create)
                anchors.AddRange((await FindAnchorsAsync(n => n == spec.Name, cancellationToken).ConfigureAwait(false)).Select(a => a.Anchor));
            var removedFunctions = new HashSet<string>(StringComparer.Ordinal);
            var removedRoles = new HashSet<string>(StringComparer.Ordinal);
            foreach (var owner in anchors)
            {
                bool current = owner.StreamName == spec.Stream.Name;
                // Mappings from this stream the spec no longer has: all of them from an old stream.
                if ((!current || spec.EventMapping == null) && functionPlan.Action != PlanAction.Create)
                    removals.AddRange(await MappingRemovalsAsync(spec.Function.Name, owner, cancellationToken).ConfigureAwait(false));
                string previousFunction = Tag(owner.Tags, FunctionTag);
                if (previousFunction != null && previousFunction != spec.Function.Name && removedFunctions.Add(previousFunction))
                {
                    var old = await Functions().PlanRemoveAsync(previousFunction, null, cancellationToken).ConfigureAwait(false);
                    if (old.Action == PlanAction.Remove && IsMarked(((AlonzoFunction)old.Current).Tags, spec.Name))
                    {
                        removals.AddRange(await MappingRemovalsAsync(previousFunction, owner, cancellationToken).ConfigureAwait(false));
                        removals.Add(old);
                    }
                }
                string previousRole = Tag(owner.Tags, RoleTag);
                if (previousRole != null && previousRole != spec.Role.Name && removedRoles.Add(previousRole))
                {
                    var oldRole = await Roles().GetAsync(previousRole, cancellationToken).ConfigureAwait(false);
                    if (oldRole != null && IsMarked(oldRole.Tags, spec.Name))
                        removals.Add(await Roles().PlanRemoveAsync(previousRole, null, cancellationToken).ConfigureAwait(false));
                }
                if (!current)
                    removals.Add(await Streams().PlanRemoveAsync(owner.StreamName, null, cancellationToken).ConfigureAwait(false));
            }
            // Mappings first, then functions, roles and streams.
            removals = removals.Where(r => r.Action == PlanAction.Remove)
                .OrderBy(r => r.Kind == ResourceKind.EventMapping ? 0 : r.Kind == ResourceKind.Function ? 1 : r.Kind == ResourceKind.Role ? 2 : 3).ToList();
            plans.AddRange(removals);
            return new PipelinePlan(spec.Name, plans);

            void Add(ResourcePlan plan)
            {
                scope.AddPlan(plan);
                plans.Add(plan);
            }
        }

        private async Task<List<ResourcePlan>> MappingRemovalsAsync(string functionName, AlonzoStream stream, CancellationToken cancellationToken)
        {
            var result = new List<ResourcePlan>();
            List<AlonzoEventMapping> mappings;
            try
            {
                mappings = await Mappings().ListAsync(functionName, stream.StreamArn, cancellationToken).ConfigureAwait(false);
            }
            catch (AlonzoOperationException e) when (e.ErrorId == "FunctionNotFound")
            {
                return result;
            }
            foreach (var mapping in mappings.Where(m => m.State != "Deleting"))
                result.Add(await Mappings().PlanRemoveAsync(mapping.UUID, null, cancellationToken).ConfigureAwait(false));
            return result;
        }

        /// <summary>Every resource carries the pipeline's mark; the stream also names the role and function the pipeline owns.</summary>
        private static void Mark(PipelineSpec spec)
        {
            spec.Stream.Tags[PipelineTag] = spec.Name;
            spec.Stream.Tags[RoleTag] = spec.Role.Name;
            spec.Stream.Tags[FunctionTag] = spec.Function.Name;
            spec.Role.Tags[PipelineTag] = spec.Name;
            spec.Function.Tags[PipelineTag] = spec.Name;
        }

        private static string Tag(IDictionary<string, string> tags, string key) =>
            tags != null && tags.TryGetValue(key, out var value) ? value : null;

        private static bool IsMarked(IDictionary<string, string> tags, string pipeline) => Tag(tags, PipelineTag) == pipeline;

        private void CheckOwner(string pipeline, ResourcePlan plan, IDictionary<string, string> tags, bool forStatus)
        {
            if (plan.Current == null || IsMarked(tags, pipeline) || forStatus) return;
            string owner = Tag(tags, PipelineTag);
            if (Adopt)
            {
                Warning?.Invoke($"{plan.Key} exists and {(owner == null ? "belongs to no pipeline" : $"belongs to pipeline '{owner}'")}; adopting it into pipeline '{pipeline}'.");
                return;
            }
            throw new AlonzoOperationException("ResourceNotOwned", FailureKind.InvalidOperation,
                $"{plan.Key} already exists and {(owner == null ? "is not part of any pipeline" : $"belongs to pipeline '{owner}'")} (it has no tag {PipelineTag}={pipeline}); nothing was changed.",
                $"Choose another name in the spec, or add -Adopt to make pipeline '{pipeline}' take it over.");
        }

        private static async Task<DeploymentZip> LoadCodeAsync(PipelineSpec spec, CancellationToken cancellationToken)
        {
            if (File.Exists(spec.FunctionPath))
                return DeploymentZip.FromZipFile(spec.FunctionPath, spec.Function.Handler, spec.Function.Runtime, "Function.Path");
            return await DeploymentZip.FromFolderAsync(spec.FunctionPath, spec.Function.Handler, spec.Function.Runtime, spec.FunctionExclude, cancellationToken).ConfigureAwait(false);
        }

        // ------------------------------------------------------------------ apply

        /// <summary>
        /// Applies the plans the caller approves, in order; a plan that depends on a declined creation
        /// is skipped. Returns one row per resource with what was done.
        /// </summary>
        public async Task<List<AlonzoPipelineResource>> ApplyAsync(PipelinePlan plan, Func<ResourcePlan, bool> approve, bool force,
            IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            // Found before anything is changed, not when the mapping's turn comes.
            var replaced = plan.Plans.FirstOrDefault(p => p.Action == PlanAction.Replace);
            if (replaced != null && !force)
                throw new AlonzoOperationException("StartingPositionImmutable", FailureKind.InvalidOperation,
                    $"{replaced.Key} must be replaced ({string.Join("; ", replaced.Describe())}): Lambda cannot change a mapping's starting position in place. Nothing was changed.",
                    "Add -Force to delete the mapping and create it again with the new starting position (records already processed may be processed again, or skipped, depending on the position).");
            var scope = new ResourceScope { Progress = progress, Force = force };
            foreach (var p in plan.Plans.Where(p => p.Action != PlanAction.Remove)) scope.AddPlan(p);
            var declined = new HashSet<ResourceKey>();
            var rows = new List<AlonzoPipelineResource>();
            foreach (var p in plan.Plans)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!p.IsEmpty && approve != null && !approve(p))
                {
                    if (p.Action == PlanAction.Create) declined.Add(p.Key);
                    continue;
                }
                var missing = p.DependsOn.FirstOrDefault(declined.Contains);
                if (missing != null)
                {
                    Warning?.Invoke($"{p.Key} was not changed: it needs {missing}, whose creation was declined.");
                    declined.Add(p.Key);
                    continue;
                }
                object result = await ApplyOneAsync(p, scope, cancellationToken).ConfigureAwait(false);
                rows.Add(Row(plan.Pipeline, p, result));
            }
            return rows;
        }

        private async Task<object> ApplyOneAsync(ResourcePlan plan, ResourceScope scope, CancellationToken cancellationToken)
        {
            switch (plan.Kind)
            {
                case ResourceKind.Stream: return await Streams().ApplyAsync(plan, scope, cancellationToken).ConfigureAwait(false);
                case ResourceKind.Role: return await Roles().ApplyAsync(plan, scope, cancellationToken).ConfigureAwait(false);
                case ResourceKind.Function: return await Functions().ApplyAsync(plan, scope, cancellationToken).ConfigureAwait(false);
                case ResourceKind.EventMapping: return await Mappings().ApplyAsync(plan, scope, cancellationToken).ConfigureAwait(false);
                default: throw new InvalidOperationException($"A pipeline has no {plan.Kind}.");
            }
        }

        private AlonzoPipelineResource Row(string pipeline, ResourcePlan plan, object result)
        {
            var row = new AlonzoPipelineResource { Pipeline = pipeline, Kind = plan.Kind, Name = DisplayName(plan), Region = _context.Region };
            switch (result)
            {
                case AlonzoStream s:
                    row.Action = s.Action; row.State = s.Status; row.Arn = s.StreamArn;
                    row.Changes = s.Action == ResourceAction.Unchanged ? Array.Empty<string>() : plan.Changes.Where(c => !c.IsPartOfCreate).Select(c => c.Done).ToArray();
                    break;
                case AlonzoRole r:
                    row.Action = r.Action; row.Changes = r.Changes; row.State = "Present"; row.Arn = r.Arn;
                    break;
                case AlonzoFunction f:
                    row.Action = f.Action; row.Changes = f.Changes; row.State = f.State; row.StateDetail = f.LastUpdateStatus; row.Arn = f.FunctionArn;
                    break;
                case AlonzoEventMapping m:
                    row.Action = m.Action; row.Changes = m.Changes; row.State = m.State; row.StateDetail = m.LastProcessingResult; row.UUID = m.UUID;
                    break;
                case null when plan.Action == PlanAction.Remove:
                    row.Action = ResourceAction.Deleted; row.State = "Deleted"; row.UUID = (plan.Current as AlonzoEventMapping)?.UUID;
                    row.Changes = plan.Changes.Select(c => c.Done).ToArray();
                    break;
                default:
                    row.Action = ResourceAction.None;
                    break;
            }
            return row;
        }

        private static string DisplayName(ResourcePlan plan)
        {
            if (plan.Kind == ResourceKind.EventMapping && plan.Current is AlonzoEventMapping m && plan.Action == PlanAction.Remove)
                return $"{m.StreamName}->{m.FunctionName}";
            return plan.Name;
        }

        // ------------------------------------------------------------------ status and drift

        /// <summary>Each resource of the spec as the account has it, with every field that differs from the spec.</summary>
        public async Task<List<AlonzoPipelineResource>> DriftAsync(PipelineSpec spec, CancellationToken cancellationToken)
        {
            var plan = await PlanAsync(spec, true, cancellationToken).ConfigureAwait(false);
            var rows = new List<AlonzoPipelineResource>();
            foreach (var p in plan.Plans)
            {
                var row = StateRow(spec.Name, p.Kind, DisplayName(p), p.Current);
                if (p.Action == PlanAction.Create)
                {
                    row.State = "Missing";
                    row.Drift = p.Changes.Where(c => c.Operation == ChangeOperation.Create).ToArray();
                }
                else if (p.Action == PlanAction.Remove)
                {
                    row.State = "NotInSpec";
                    row.Drift = p.Changes.Where(c => c.Operation == ChangeOperation.Delete).ToArray();
                }
                else
                {
                    row.Drift = p.Changes.ToArray();
                }
                row.Changes = row.Drift.Select(c => c.Summary).ToArray();
                rows.Add(row);
            }
            return rows;
        }

        /// <summary>Pipelines found by their marks (the anchor streams), each resource with its state.</summary>
        public async Task<List<AlonzoPipelineResource>> StatusAsync(Func<string, bool> nameFilter, CancellationToken cancellationToken)
        {
            var rows = new List<AlonzoPipelineResource>();
            foreach (var (pipeline, anchor) in await FindAnchorsAsync(nameFilter, cancellationToken).ConfigureAwait(false))
            {
                rows.Add(StateRow(pipeline, ResourceKind.Stream, anchor.StreamName, anchor));
                var members = await MembersAsync(pipeline, anchor, null, cancellationToken).ConfigureAwait(false);
                if (members.Role != null) rows.Add(StateRow(pipeline, ResourceKind.Role, members.Role.RoleName, members.Role));
                if (members.Function != null) rows.Add(StateRow(pipeline, ResourceKind.Function, members.Function.FunctionName, members.Function));
                foreach (var m in members.Mappings) rows.Add(StateRow(pipeline, ResourceKind.EventMapping, $"{m.StreamName}->{m.FunctionName}", m));
            }
            return rows;
        }

        private AlonzoPipelineResource StateRow(string pipeline, ResourceKind kind, string name, object current)
        {
            var row = new AlonzoPipelineResource { Pipeline = pipeline, Kind = kind, Name = name, Region = _context.Region, Action = ResourceAction.None };
            switch (current)
            {
                case AlonzoStream s: row.State = s.Status; row.StateDetail = $"{s.Mode}, {s.ShardCount} shard(s)"; row.Arn = s.StreamArn; break;
                case AlonzoRole r: row.State = "Present"; row.Arn = r.Arn; break;
                case AlonzoFunction f: row.State = f.State ?? "Active"; row.StateDetail = f.LastUpdateStatus; row.Arn = f.FunctionArn; break;
                case AlonzoEventMapping m: row.State = m.State; row.StateDetail = m.LastProcessingResult; row.UUID = m.UUID; break;
                case null: row.State = "Missing"; break;
            }
            return row;
        }

        /// <summary>Streams marked as pipeline anchors whose pipeline name passes the filter (ListStreams, then each stream's tags).</summary>
        private async Task<List<(string Pipeline, AlonzoStream Anchor)>> FindAnchorsAsync(Func<string, bool> nameFilter, CancellationToken cancellationToken)
        {
            var streams = Streams();
            var found = new List<(string, AlonzoStream)>();
            foreach (var listed in await streams.ListAsync(null, false, cancellationToken).ConfigureAwait(false))
            {
                Dictionary<string, string> tags;
                try
                {
                    tags = await streams.ListTagsAsync(listed.StreamName, cancellationToken).ConfigureAwait(false);
                }
                catch (Aws.Runtime.AwsResourceNotFoundException)
                {
                    continue; // Deleted meanwhile.
                }
                string pipeline = Tag(tags, PipelineTag);
                if (pipeline == null || (nameFilter != null && !nameFilter(pipeline))) continue;
                var stream = await streams.GetAsync(listed.StreamName, cancellationToken).ConfigureAwait(false);
                if (stream == null || stream.Status == "DELETING") continue;
                stream.Tags = tags;
                found.Add((pipeline, stream));
            }
            return found.OrderBy(f => f.Item1, StringComparer.Ordinal).ToList();
        }

        private sealed class Members
        {
            public AlonzoRole Role;
            public AlonzoFunction Function;
            public List<AlonzoEventMapping> Mappings = new List<AlonzoEventMapping>();
        }

        /// <summary>The role, function and mappings a pipeline owns: named by its anchor (or the spec), and carrying its mark.</summary>
        private async Task<Members> MembersAsync(string pipeline, AlonzoStream anchor, PipelineSpec spec, CancellationToken cancellationToken)
        {
            var members = new Members();
            var roleNames = new[] { Tag(anchor?.Tags, RoleTag), spec?.Role.Name }.Where(n => n != null).Distinct();
            foreach (var name in roleNames)
            {
                var role = await Roles().GetAsync(name, cancellationToken).ConfigureAwait(false);
                if (role == null) continue;
                if (IsMarked(role.Tags, pipeline)) { members.Role = role; break; }
                Info?.Invoke($"Role '{name}' is not marked as part of pipeline '{pipeline}'; left alone.");
            }
            var functionNames = new[] { Tag(anchor?.Tags, FunctionTag), spec?.Function.Name }.Where(n => n != null).Distinct();
            foreach (var name in functionNames)
            {
                var function = await Functions().GetWithTagsAsync(name, cancellationToken).ConfigureAwait(false);
                if (function == null) continue;
                if (IsMarked(function.Tags, pipeline)) { members.Function = function; break; }
                Info?.Invoke($"Function '{name}' is not marked as part of pipeline '{pipeline}'; left alone.");
            }
            if (members.Function != null && anchor != null)
                members.Mappings = (await Mappings().ListAsync(members.Function.FunctionName, anchor.StreamArn, cancellationToken).ConfigureAwait(false))
                    .Where(m => m.State != "Deleting").ToList();
            return members;
        }

        // ------------------------------------------------------------------ teardown

        /// <summary>
        /// The teardown of a pipeline: the mappings, function, role and stream it owns (found by their
        /// marks), in reverse dependency order, each as its removal plan. Unmarked resources with the
        /// same names are never included. An empty plan when nothing of the pipeline is left.
        /// </summary>
        public async Task<PipelinePlan> PlanRemoveAsync(string pipeline, PipelineSpec spec, CancellationToken cancellationToken)
        {
            AlonzoStream anchor = null;
            if (spec != null)
            {
                pipeline = spec.Name;
                var stream = await Streams().GetAsync(spec.Stream.Name, cancellationToken).ConfigureAwait(false);
                if (stream != null && stream.Status != "DELETING")
                {
                    stream.Tags = await Streams().ListTagsAsync(stream.StreamName, cancellationToken).ConfigureAwait(false);
                    if (IsMarked(stream.Tags, pipeline)) anchor = stream;
                    else Info?.Invoke($"Stream '{stream.StreamName}' is not marked as part of pipeline '{pipeline}'; left alone.");
                }
            }
            else
            {
                anchor = (await FindAnchorsAsync(n => n == pipeline, cancellationToken).ConfigureAwait(false)).Select(a => a.Anchor).FirstOrDefault();
            }

            var members = await MembersAsync(pipeline, anchor, spec, cancellationToken).ConfigureAwait(false);
            var plans = new List<ResourcePlan>();
            foreach (var m in members.Mappings)
                plans.Add(await Mappings(wait: true).PlanRemoveAsync(m.UUID, null, cancellationToken).ConfigureAwait(false));
            if (members.Function != null)
                plans.Add(await Functions().PlanRemoveAsync(members.Function.FunctionName, null, cancellationToken).ConfigureAwait(false));
            if (members.Role != null)
                plans.Add(await Roles().PlanRemoveAsync(members.Role.RoleName, null, cancellationToken).ConfigureAwait(false));
            if (anchor != null)
            {
                var streams = Streams();
                plans.Add(await streams.PlanRemoveAsync(anchor.StreamName, null, cancellationToken).ConfigureAwait(false));
            }
            return new PipelinePlan(pipeline, plans.Where(p => p.Action == PlanAction.Remove).ToList());
        }
    }
}
