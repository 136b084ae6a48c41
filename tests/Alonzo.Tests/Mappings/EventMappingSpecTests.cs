using Alonzo.Mappings;
using Alonzo.Tests.ServiceModels;
using Alonzo.Validation;
using Xunit;

namespace Alonzo.Tests.Mappings
{
    public sealed class EventMappingSpecTests
    {
        [Fact]
        public void Limits_match_the_lambda_model()
        {
            var model = ServiceModelCatalog.Get("lambda");
            Assert.Equal(EventMappingSpec.BatchSizeMax, (int)model.GetShape("BatchSize").Max);
            Assert.Equal(1, (int)model.GetShape("BatchSize").Min);
            Assert.Equal(EventMappingSpec.BatchingWindowMax, (int)model.GetShape("MaximumBatchingWindowInSeconds").Max);
            Assert.Equal(EventMappingSpec.ParallelizationMax, (int)model.GetShape("ParallelizationFactor").Max);
            Assert.Equal(EventMappingSpec.RetryAttemptsMax, (int)model.GetShape("MaximumRetryAttemptsEventSourceMapping").Max);
            Assert.Equal(-1, (int)model.GetShape("MaximumRetryAttemptsEventSourceMapping").Min);
            Assert.Equal(EventMappingSpec.RecordAgeMax, (int)model.GetShape("MaximumRecordAgeInSeconds").Max);
            Assert.Equal(new[] { "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP" }, model.GetShape("EventSourcePosition").EnumValues);
        }

        [Theory]
        [InlineData("arn:aws:kinesis:us-east-1:123456789012:stream/alonzo", "alonzo")]
        [InlineData("arn:aws-cn:kinesis:cn-north-1:123456789012:stream/a.b-c_d", "a.b-c_d")]
        [InlineData("arn:aws:sqs:us-east-1:123456789012:queue", null)]
        [InlineData("arn:aws:kinesis:us-east-1:123456789012:stream/", null)]
        [InlineData("alonzo", null)]
        public void Stream_names_come_out_of_stream_arns(string arn, string name)
        {
            Assert.Equal(name, StreamArns.NameFromArn(arn));
        }

        [Theory]
        [InlineData(0, "InvalidBatchSize")]
        [InlineData(10001, "InvalidBatchSize")]
        public void Out_of_range_batch_sizes_are_refused(int size, string errorId)
        {
            var spec = new EventMappingSpec { FunctionName = "f", StreamName = "s", BatchSize = size };
            Assert.Equal(errorId, Assert.Throws<AlonzoValidationException>(() => spec.Validate()).ErrorId);
        }

        [Fact]
        public void Record_age_accepts_minus_one_and_refuses_below_sixty()
        {
            new EventMappingSpec { FunctionName = "f", StreamName = "s", MaximumRecordAgeInSeconds = -1 }.Validate();
            new EventMappingSpec { FunctionName = "f", StreamName = "s", MaximumRecordAgeInSeconds = 60 }.Validate();
            Assert.Throws<AlonzoValidationException>(() => new EventMappingSpec { FunctionName = "f", StreamName = "s", MaximumRecordAgeInSeconds = 59 }.Validate());
        }
    }
}
