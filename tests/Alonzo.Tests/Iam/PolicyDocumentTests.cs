using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using Alonzo.Roles;
using Alonzo.Validation;
using Xunit;

namespace Alonzo.Tests.Iam
{
    /// <summary>Policy documents compare by meaning, not by text.</summary>
    public sealed class PolicyDocumentTests
    {
        private static PolicyDocument P(object value) => PolicyDocument.Parse(value, "InlinePolicy", "-InlinePolicy 'test'");

        private const string Base = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":\"*\"}]}";

        [Theory]
        // Key order.
        [InlineData("{\"Statement\":[{\"Resource\":\"*\",\"Action\":[\"s3:GetObject\"],\"Effect\":\"Allow\"}],\"Version\":\"2012-10-17\"}")]
        // A single value versus a one-element list.
        [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":[\"*\"]}]}")]
        // Statement as an object versus a one-element list.
        [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}")]
        // Version left out: the current one is filled in.
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}")]
        // Whitespace and a repeated action.
        [InlineData("{ \"Version\" : \"2012-10-17\",\n  \"Statement\": [ { \"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:GetObject\"], \"Resource\": \"*\" } ] }")]
        public void Equivalent_documents_are_equal(string other)
        {
            Assert.Equal(P(Base), P(other));
            Assert.Equal(P(Base).GetHashCode(), P(other).GetHashCode());
            Assert.True(P(other).SameAs(Base));
        }

        [Theory]
        [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}")]
        [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"*\"}]}")]
        [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}")]
        [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":\"s3:GetObject\",\"Resource\":\"*\"}]}")]
        [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Read\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}")]
        [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}]}")]
        // Resource ARNs are case-sensitive.
        [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"S3:GETOBJECT\",\"Resource\":\"*\"}]}")]
        public void Different_documents_are_not_equal(string other)
        {
            Assert.NotEqual(P(Base), P(other));
            Assert.False(P(other).SameAs(Base));
        }

        [Fact]
        public void Lists_are_sets_everywhere_statements_included()
        {
            var a = P("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"logs:PutLogEvents\",\"logs:CreateLogStream\"],\"Resource\":[\"arn:b\",\"arn:a\"]},{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}");
            var b = P("{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"s3:*\"],\"Resource\":\"*\"},{\"Resource\":[\"arn:a\",\"arn:b\"],\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"]}]}");
            Assert.Equal(a, b);
        }

        [Fact]
        public void Principal_services_compare_as_sets()
        {
            var a = P("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"lambda.amazonaws.com\",\"edgelambda.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}]}");
            var b = P("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"edgelambda.amazonaws.com\",\"lambda.amazonaws.com\"]},\"Action\":[\"sts:AssumeRole\"]}]}");
            Assert.Equal(a, b);
            Assert.Equal(a, PolicyDocument.TrustFor(new[] { "lambda.amazonaws.com", "edgelambda.amazonaws.com" }));
            Assert.NotEqual(a, PolicyDocument.TrustFor(new[] { "lambda.amazonaws.com" }));
            Assert.Equal(new[] { "edgelambda.amazonaws.com", "lambda.amazonaws.com" }, a.TrustedServices);
        }

        [Fact]
        public void Condition_values_compare_as_sets_and_booleans_as_strings()
        {
            var a = P("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":[\"111122223333\",\"444455556666\"]},\"Bool\":{\"aws:SecureTransport\":true}}}]}");
            var b = P("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"},\"StringEquals\":{\"aws:SourceAccount\":[\"444455556666\",\"111122223333\"]}}}]}");
            Assert.Equal(a, b);
        }

        [Fact]
        public void Hashtable_trees_and_json_text_are_the_same_document()
        {
            // As a PowerShell hashtable arrives after the cmdlet made it plain: dictionaries, lists, scalars.
            var table = new Hashtable
            {
                ["Statement"] = new List<object>
                {
                    new Hashtable { ["Effect"] = "Allow", ["Action"] = new object[] { "s3:GetObject" }, ["Resource"] = "*" },
                },
            };
            Assert.Equal(P(Base), P(table));
            // A single statement hashtable, not wrapped in a list.
            var single = new OrderedDictionary { ["Version"] = "2012-10-17", ["Statement"] = new Hashtable { ["Effect"] = "Allow", ["Action"] = "s3:GetObject", ["Resource"] = "*" } };
            Assert.Equal(P(Base), P(single));
        }

        [Fact]
        public void Written_json_is_compact_ascii_in_the_given_order_with_version_first()
        {
            var ordered = new OrderedDictionary
            {
                ["Statement"] = new OrderedDictionary { ["Effect"] = "Allow", ["Action"] = "s3:GetObject", ["Resource"] = "arn:aws:s3:::bücket/\"x\"", ["Condition"] = new OrderedDictionary { ["NumericLessThan"] = new OrderedDictionary { ["s3:max-keys"] = 10 } } },
            };
            Assert.Equal("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b\\u00fccket/\\\"x\\\"\",\"Condition\":{\"NumericLessThan\":{\"s3:max-keys\":10}}}}", P(ordered).Json);
        }

        [Fact]
        public void Stored_documents_without_a_version_mean_2008()
        {
            var stored = PolicyDocument.FromService("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
            Assert.NotEqual(P(Base), stored);
            Assert.Equal(P(Base.Replace("2012-10-17", "2008-10-17")), stored);
        }

        [Fact]
        public void Stored_text_that_is_not_a_document_never_matches()
        {
            Assert.Null(PolicyDocument.FromService("not json"));
            Assert.Null(PolicyDocument.FromService(null));
            Assert.False(P(Base).SameAs("not json"));
            Assert.False(P(Base).SameAs(null));
        }

        [Fact]
        public void Trust_checks_find_the_service_and_assume_role()
        {
            var trust = PolicyDocument.FromService("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"lambda.amazonaws.com\"]},\"Action\":[\"sts:AssumeRole\"]}]}");
            Assert.True(trust.Trusts("lambda.amazonaws.com"));
            Assert.False(trust.Trusts("ec2.amazonaws.com"));
            var deny = PolicyDocument.FromService("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
            Assert.False(deny.Trusts("lambda.amazonaws.com"));
            var otherAction = PolicyDocument.FromService("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:TagSession\"}]}");
            Assert.False(otherAction.Trusts("lambda.amazonaws.com"));
        }

        [Theory]
        [InlineData("not json", "not valid JSON")]
        [InlineData("[1,2]", "must be a JSON object")]
        [InlineData("\"text\"", "must be a JSON object")]
        [InlineData("{}", "needs a Statement")]
        [InlineData("{\"Statement\":[]}", "needs a Statement")]
        [InlineData("{\"Statement\":\"Allow\"}", "needs a Statement")]
        [InlineData("{\"Version\":\"2020-01-01\",\"Statement\":{\"Effect\":\"Allow\"}}", "Version must be")]
        [InlineData("  ", "empty")]
        public void Bad_documents_are_refused_with_the_parameter_named(string text, string fragment)
        {
            var e = Assert.Throws<AlonzoValidationException>(() => P(text));
            Assert.Equal("InvalidPolicyDocument", e.ErrorId);
            Assert.Contains(fragment, e.Message);
            Assert.StartsWith("-InlinePolicy 'test': ", e.Message);
        }

        [Fact]
        public void Other_input_types_are_refused()
        {
            var e = Assert.Throws<AlonzoValidationException>(() => P(42));
            Assert.Contains("hashtable or a JSON string", e.Message);
            Assert.Throws<AlonzoValidationException>(() => P(null));
        }

        [Fact]
        public void Oversized_documents_are_refused_before_any_call()
        {
            var big = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"" + new string('a', PolicyDocument.MaxLength) + "\"}}";
            var e = Assert.Throws<AlonzoValidationException>(() => P(big));
            Assert.Contains("at most 131072", e.Message);
        }
    }
}
