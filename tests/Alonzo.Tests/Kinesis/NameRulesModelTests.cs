using Alonzo.Tests.ServiceModels;
using Alonzo.Validation;
using Xunit;

namespace Alonzo.Tests.Kinesis
{
    /// <summary>The limits Alonzo checks before calling Kinesis are the service model's limits.</summary>
    public sealed class NameRulesModelTests
    {
        private static readonly ServiceModel Model = ServiceModelCatalog.Get("kinesis");

        [Fact]
        public void Stream_name_limits_match_the_model()
        {
            var shape = Model.GetShape("StreamName");
            Assert.Equal(1, (int)shape.Min);
            Assert.Equal(NameRules.StreamNameMax, (int)shape.Max);
            var pattern = ServiceModelValidator.CompilePattern(shape.Pattern);
            foreach (var name in new[] { "alonzo", "a", "A-b_c.d", new string('x', 128), "bad name!", "ünïcode", "slash/name", "" })
            {
                bool modelAccepts = name.Length >= 1 && name.Length <= 128 && pattern.IsMatch(name);
                bool alonzoAccepts = Accepts(() => NameRules.StreamName(name));
                Assert.True(modelAccepts == alonzoAccepts, $"'{name}': model {modelAccepts}, Alonzo {alonzoAccepts}");
            }
            Assert.False(Accepts(() => NameRules.StreamName(new string('x', 129))));
        }

        [Fact]
        public void Bad_names_carry_a_stable_error_id_and_the_value()
        {
            var e = Assert.Throws<AlonzoValidationException>(() => NameRules.StreamName("bad name!"));
            Assert.Equal("InvalidStreamName", e.ErrorId);
            Assert.Equal("bad name!", e.Value);
            Assert.Contains("'bad name!'", e.Message);
        }

        [Fact]
        public void Retention_limits()
        {
            Assert.True(Accepts(() => NameRules.RetentionHours(24)));
            Assert.True(Accepts(() => NameRules.RetentionHours(8760)));
            Assert.False(Accepts(() => NameRules.RetentionHours(23)));
            Assert.False(Accepts(() => NameRules.RetentionHours(8761)));
        }

        private static bool Accepts(System.Action check)
        {
            try { check(); return true; }
            catch (AlonzoValidationException) { return false; }
        }
    }
}
