using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Alonzo.Functions;
using Alonzo.Mappings;
using Alonzo.Roles;
using Alonzo.Streams;
using Alonzo.Validation;

namespace Alonzo.Pipelines
{
    /// <summary>
    /// A whole pipeline in one spec: its stream, the function's role, the function and the mapping
    /// between them. Read from plain values (a .psd1 or a hashtable) and checked whole before any
    /// call; each part is the spec its single cmdlet uses, so one engine operation serves both.
    /// Settings a spec leaves out take Lambda's and Kinesis's defaults, so that a setting changed in
    /// the account behind Alonzo's back shows as drift.
    /// </summary>
    public sealed class PipelineSpec
    {
        public const string KinesisExecutionPolicy = "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole";

        private static readonly SpecKey[] StreamKeys =
        {
            new SpecKey("Name", SpecType.String), new SpecKey("ShardCount", SpecType.Integer), new SpecKey("OnDemand", SpecType.Boolean),
            new SpecKey("RetentionHours", SpecType.Integer), new SpecKey("Tags", SpecType.StringMap),
        };

        private static readonly SpecKey[] RoleKeys =
        {
            new SpecKey("Name", SpecType.String), new SpecKey("ManagedPolicyArns", SpecType.StringList), new SpecKey("InlinePolicies", SpecType.DocumentMap),
            new SpecKey("TrustServices", SpecType.StringList), new SpecKey("Description", SpecType.String), new SpecKey("Tags", SpecType.StringMap),
        };

        private static readonly SpecKey[] FunctionKeys =
        {
            new SpecKey("Name", SpecType.String), new SpecKey("Path", SpecType.String, required: true), new SpecKey("Handler", SpecType.String, required: true),
            new SpecKey("Runtime", SpecType.String, required: true), new SpecKey("MemorySize", SpecType.Integer), new SpecKey("Timeout", SpecType.Integer),
            new SpecKey("Environment", SpecType.StringMap), new SpecKey("Description", SpecType.String), new SpecKey("Architecture", SpecType.String),
            new SpecKey("Exclude", SpecType.StringList), new SpecKey("Tags", SpecType.StringMap),
        };

        private static readonly SpecKey[] MappingKeys =
        {
            new SpecKey("StartingPosition", SpecType.String), new SpecKey("StartingPositionTimestamp", SpecType.DateTime), new SpecKey("BatchSize", SpecType.Integer),
            new SpecKey("MaximumBatchingWindowSeconds", SpecType.Integer), new SpecKey("ParallelizationFactor", SpecType.Integer),
            new SpecKey("BisectBatchOnFunctionError", SpecType.Boolean), new SpecKey("MaximumRetryAttempts", SpecType.Integer),
            new SpecKey("MaximumRecordAgeSeconds", SpecType.Integer), new SpecKey("OnFailureDestinationArn", SpecType.String), new SpecKey("Enabled", SpecType.Boolean),
        };

        private static readonly SpecKey[] PipelineKeys =
        {
            new SpecKey("Name", SpecType.String, required: true), new SpecKey("Description", SpecType.String), new SpecKey("Tags", SpecType.StringMap),
            new SpecKey("Stream", SpecType.Section, section: StreamKeys), new SpecKey("Role", SpecType.Section, section: RoleKeys),
            new SpecKey("Function", SpecType.Section, required: true, section: FunctionKeys), new SpecKey("EventMapping", SpecType.Section, section: MappingKeys),
        };

        public string Name { get; private set; }
        public string Description { get; private set; }
        /// <summary>Tags every resource of the pipeline gets (besides its ownership mark).</summary>
        public IDictionary<string, string> Tags { get; private set; }
        public StreamSpec Stream { get; private set; }
        public RoleSpec Role { get; private set; }
        public FunctionSpec Function { get; private set; }
        /// <summary>The function's folder, resolved against the spec file's folder.</summary>
        public string FunctionPath { get; private set; }
        public IList<string> FunctionExclude { get; private set; }
        /// <summary>Null when the spec has no mapping (the function is then invoked some other way).</summary>
        public EventMappingSpec EventMapping { get; private set; }
        /// <summary>Where relative paths in the spec start: the spec file's folder, or the current folder for a hashtable.</summary>
        public string BaseDirectory { get; private set; }

        /// <summary>Reads and checks a spec; throws <see cref="AlonzoValidationException"/> naming the path of the first problem.</summary>
        public static PipelineSpec Parse(object value, string baseDirectory)
        {
            var root = SpecSection.Read(value, "", PipelineKeys);
            var spec = new PipelineSpec
            {
                Name = root.String("Name"),
                Description = root.String("Description"),
                Tags = root.StringMap("Tags") ?? new Dictionary<string, string>(StringComparer.Ordinal),
                BaseDirectory = baseDirectory,
            };
            Check("Name", () => NameRules.StreamName(spec.Name, "Name"));
            if (spec.Name.Length > 56)
                throw new AlonzoValidationException("PipelineSpecInvalidValue", "Name", spec.Name,
                    $"Name: '{NameRules.Shorten(spec.Name)}' is {spec.Name.Length} characters; a pipeline name has at most 56, so that '<name>_lambda' is a valid role name.");
            Check("Tags", () => NameRules.Tags(spec.Tags, "Tags"));

            var stream = root.Section("Stream");
            spec.Stream = new StreamSpec
            {
                Name = stream?.String("Name") ?? spec.Name,
                OnDemand = stream?.Boolean("OnDemand") ?? false,
                ShardCount = stream?.Boolean("OnDemand") == true ? stream.Integer("ShardCount") : stream?.Integer("ShardCount") ?? 1,
                RetentionHours = stream?.Integer("RetentionHours") ?? 24,
                Tags = Merge(spec.Tags, stream?.StringMap("Tags")),
            };
            Check("Stream", () => spec.Stream.Validate());

            var role = root.Section("Role");
            var managed = role?.StringList("ManagedPolicyArns");
            var inline = role?.Value("InlinePolicies") as IDictionary;
            spec.Role = new RoleSpec
            {
                Name = role?.String("Name") ?? spec.Name + "_lambda",
                ManagedPolicyArns = managed ?? (inline == null ? new List<string> { KinesisExecutionPolicy } : new List<string>()),
                InlinePolicies = inline,
                TrustServices = role?.StringList("TrustServices"),
                Description = role?.String("Description") ?? spec.Description ?? "",
                Tags = Merge(spec.Tags, role?.StringMap("Tags")),
                // The pipeline owns its role: what the spec does not list is taken off.
                Exact = true,
            };
            Check("Role", () => spec.Role.Validate());

            var function = root.Section("Function");
            spec.FunctionPath = Path.GetFullPath(Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), function.String("Path")));
            if (!Directory.Exists(spec.FunctionPath) && !File.Exists(spec.FunctionPath))
                throw new AlonzoValidationException("PipelineSpecInvalidValue", "Function.Path", function.String("Path"),
                    $"Function.Path: '{function.String("Path")}' does not exist (resolved to {spec.FunctionPath}). Paths in a spec are relative to the spec file's folder.");
            spec.FunctionExclude = function.StringList("Exclude");
            spec.Function = new FunctionSpec
            {
                Name = function.String("Name") ?? spec.Name,
                Handler = function.String("Handler"),
                Runtime = function.String("Runtime"),
                Role = spec.Role.Name,
                MemorySize = function.Integer("MemorySize") ?? 128,
                Timeout = function.Integer("Timeout") ?? 3,
                Environment = function.StringMap("Environment") ?? new Dictionary<string, string>(StringComparer.Ordinal),
                Description = function.String("Description") ?? spec.Description ?? "",
                Architecture = function.String("Architecture") ?? "x86_64",
                Tags = Merge(spec.Tags, function.StringMap("Tags")),
            };
            Check("Function", () => spec.Function.Validate());

            var mapping = root.Section("EventMapping");
            if (mapping != null || !root.Has("EventMapping"))
            {
                spec.EventMapping = new EventMappingSpec
                {
                    FunctionName = spec.Function.Name,
                    StreamName = spec.Stream.Name,
                    StartingPosition = mapping?.String("StartingPosition") ?? EventMappingSpec.DefaultStartingPosition,
                    StartingPositionTimestamp = mapping?.Date("StartingPositionTimestamp"),
                    BatchSize = mapping?.Integer("BatchSize") ?? 100,
                    MaximumBatchingWindowInSeconds = mapping?.Integer("MaximumBatchingWindowSeconds") ?? 0,
                    ParallelizationFactor = mapping?.Integer("ParallelizationFactor") ?? 1,
                    BisectBatchOnFunctionError = mapping?.Boolean("BisectBatchOnFunctionError") ?? false,
                    MaximumRetryAttempts = mapping?.Integer("MaximumRetryAttempts") ?? -1,
                    MaximumRecordAgeInSeconds = mapping?.Integer("MaximumRecordAgeSeconds") ?? -1,
                    OnFailureDestinationArn = mapping?.String("OnFailureDestinationArn"),
                    Enabled = mapping?.Boolean("Enabled") ?? true,
                };
                Check("EventMapping", () => spec.EventMapping.Validate());
            }
            return spec;
        }

        private static Dictionary<string, string> Merge(IDictionary<string, string> pipeline, IDictionary<string, string> own)
        {
            var tags = new Dictionary<string, string>(pipeline, StringComparer.Ordinal);
            if (own != null) foreach (var t in own) tags[t.Key] = t.Value;
            return tags;
        }

        // The single cmdlets' rules name their parameters ("-MemorySize: ..."); in a spec the same
        // rule names the spec's path ("Function.MemorySize: ...").
        private static readonly Dictionary<string, string> KeyOfParameter = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Tag"] = "Tags", ["ManagedPolicyArn"] = "ManagedPolicyArns", ["InlinePolicy"] = "InlinePolicies", ["TrustService"] = "TrustServices",
            ["FunctionName"] = "Name", ["StreamName"] = "Name", ["MaximumBatchingWindowInSeconds"] = "MaximumBatchingWindowSeconds",
            ["MaximumRecordAgeInSeconds"] = "MaximumRecordAgeSeconds", ["Role"] = "Role.Name",
        };

        private static void Check(string section, Action validate)
        {
            try
            {
                validate();
            }
            catch (AlonzoValidationException e)
            {
                string parameter = e.ParamName ?? "";
                string key = KeyOfParameter.TryGetValue(parameter, out var mapped) ? mapped : parameter;
                string path = section == key ? section : key.Contains(".") ? key : key.Length == 0 ? section : section + "." + key;
                string message = e.Message;
                string prefix = "-" + parameter + ": ";
                if (message.StartsWith(prefix, StringComparison.Ordinal)) message = message.Substring(prefix.Length);
                foreach (var pair in KeyOfParameter) message = message.Replace("-" + pair.Key + " ", pair.Value + " ");
                throw new AlonzoValidationException(e.ErrorId, path, e.Value, $"{path}: {message}");
            }
        }
    }
}
