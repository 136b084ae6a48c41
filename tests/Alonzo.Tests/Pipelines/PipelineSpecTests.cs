using System.Collections;
using System.Collections.Generic;
using Alonzo.Pipelines;
using Alonzo.Tests.Packaging;
using Alonzo.Validation;
using Xunit;

namespace Alonzo.Tests.Pipelines
{
    public sealed class PipelineSpecTests : System.IDisposable
    {
        private readonly TempTree _tree = new TempTree();

        public PipelineSpecTests()
        {
            _tree.Write("fn/app.py", "def handler(event, context):\n    return 1\n");
        }

        public void Dispose() => _tree.Dispose();

        private Hashtable Minimal() => new Hashtable
        {
            ["name"] = "orders",
            ["Function"] = new Hashtable { ["Path"] = "fn", ["Handler"] = "app.handler", ["Runtime"] = "python3.12" },
        };

        [Fact]
        public void A_minimal_spec_takes_the_defaults_that_make_drift_visible()
        {
            var spec = PipelineSpec.Parse(Minimal(), _tree.Root);
            Assert.Equal("orders", spec.Name);
            Assert.Equal(("orders", 1, false, 24), (spec.Stream.Name, spec.Stream.ShardCount.Value, spec.Stream.OnDemand.Value, spec.Stream.RetentionHours.Value));
            Assert.Equal("orders_lambda", spec.Role.Name);
            Assert.Equal(new[] { PipelineSpec.KinesisExecutionPolicy }, spec.Role.ManagedPolicyArns);
            Assert.True(spec.Role.Exact);
            Assert.Equal(("orders", "orders_lambda", 128, 3, "x86_64"), (spec.Function.Name, spec.Function.Role, spec.Function.MemorySize.Value, spec.Function.Timeout.Value, spec.Function.Architecture));
            Assert.Equal(System.IO.Path.Combine(_tree.Root, "fn"), spec.FunctionPath);
            Assert.Equal(("LATEST", 100, -1, true), (spec.EventMapping.StartingPosition, spec.EventMapping.BatchSize.Value, spec.EventMapping.MaximumRetryAttempts.Value, spec.EventMapping.Enabled.Value));
        }

        [Fact]
        public void A_mapping_set_to_null_means_no_mapping()
        {
            var raw = Minimal();
            raw["EventMapping"] = null;
            Assert.Null(PipelineSpec.Parse(raw, _tree.Root).EventMapping);
        }

        [Theory]
        [InlineData("Fuction", "Function")]
        [InlineData("Strem", "Stream")]
        [InlineData("Zebra", null)]
        public void An_unknown_key_names_the_nearest_valid_one(string key, string nearest)
        {
            var raw = Minimal();
            raw[key] = new Hashtable();
            var e = Assert.Throws<AlonzoValidationException>(() => PipelineSpec.Parse(raw, _tree.Root));
            Assert.Equal("PipelineSpecUnknownKey", e.ErrorId);
            Assert.StartsWith(key + ": ", e.Message);
            if (nearest != null) Assert.Contains($"Did you mean '{nearest}'?", e.Message);
            else Assert.DoesNotContain("Did you mean", e.Message);
        }

        [Fact]
        public void Keys_match_without_regard_to_case_so_one_given_twice_is_an_error()
        {
            var raw = new System.Collections.Specialized.OrderedDictionary
            {
                ["Name"] = "orders",
                ["Function"] = Minimal()["Function"],
                ["function"] = Minimal()["Function"],
            };
            var e = Assert.Throws<AlonzoValidationException>(() => PipelineSpec.Parse(raw, _tree.Root));
            Assert.Equal("PipelineSpecInvalidValue", e.ErrorId);
            Assert.Equal("function: 'function' is given twice.", e.Message);
        }

        [Fact]
        public void A_rule_of_a_single_cmdlet_names_the_spec_path()
        {
            var raw = Minimal();
            ((Hashtable)raw["Function"])["MemorySize"] = 64;
            var e = Assert.Throws<AlonzoValidationException>(() => PipelineSpec.Parse(raw, _tree.Root));
            Assert.Equal("InvalidMemorySize", e.ErrorId);
            Assert.Equal("Function.MemorySize", e.ParamName);
            Assert.StartsWith("Function.MemorySize: ", e.Message);
            Assert.DoesNotContain("-MemorySize", e.Message);
        }
    }
}
