using System.Collections.Generic;
using Alonzo.Aws.Runtime;
using Xunit;

namespace Alonzo.Tests.Runtime
{
    public sealed class JsonTests
    {
        private sealed class Event
        {
            public long Timestamp { get; set; }
            public long? Maybe { get; set; }
        }

        [Theory]
        [InlineData(@"{""Timestamp"":1767323045123,""Maybe"":5}", 1767323045123L, 5L)]
        [InlineData(@"{""Timestamp"":1767323045123.0,""Maybe"":5.9}", 1767323045123L, 5L)]
        [InlineData(@"{""Timestamp"":""1767323045123.7""}", 1767323045123L, null)]
        public void Epoch_milliseconds_read_with_or_without_a_fraction(string json, long expected, long? maybe)
        {
            var e = AwsJson.Deserialize<Event>(System.Text.Encoding.UTF8.GetBytes(json));
            Assert.Equal(expected, e.Timestamp);
            Assert.Equal(maybe, e.Maybe);
        }

        [Fact]
        public void Longs_are_written_as_plain_numbers()
        {
            Assert.Equal(@"{""Timestamp"":42}", System.Text.Encoding.UTF8.GetString(AwsJson.Serialize(new Event { Timestamp = 42 })));
        }
    }
}
