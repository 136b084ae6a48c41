using System;
using System.Collections.Generic;
using System.Linq;
using Alonzo.Packaging;
using Alonzo.Validation;
using Xunit;

namespace Alonzo.Tests.Packaging
{
    public sealed class HandlerCheckTests
    {
        private static readonly string[] Python = { "app/__init__.py", "app/main.py", "lambda_function.py", "lib/util.py", "native/fast.cpython-312-x86_64-linux-gnu.so", "pkg/__init__.py" };
        private static readonly string[] Node = { "index.mjs", "src/app.js", "src/worker.cjs", "node_modules/x/index.js", "package.json" };

        [Theory]
        [InlineData("lambda_function.lambda_handler")]
        [InlineData("app.main.handler")]
        [InlineData("app/main.handler")]
        [InlineData("pkg.handler")]
        [InlineData("app.handler")]
        [InlineData("native.fast.run")]
        public void Python_handlers_whose_module_is_packaged_pass(string handler)
        {
            Assert.Null(HandlerCheck.Check(handler, "python3.12", Python));
        }

        [Fact]
        public void A_missing_python_module_fails_with_the_nearest_candidates()
        {
            var error = Assert.Throws<AlonzoOperationException>(() => HandlerCheck.Check("lambda_functon.handler", "python3.12", Python));
            Assert.Equal("HandlerNotFound", error.ErrorId);
            Assert.Equal(FailureKind.ObjectNotFound, error.Kind);
            Assert.Contains("'lambda_functon.py'", error.Message);
            Assert.Contains("'lambda_function.py' (-Handler lambda_function.handler)", error.Message);

            error = Assert.Throws<AlonzoOperationException>(() => HandlerCheck.Check("app.mian.handler", "python3.11", Python));
            Assert.StartsWith("The handler 'app.mian.handler' (python3.11) needs 'app/mian.py'", error.Message);
            Assert.Contains("'app/main.py' (-Handler app.main.handler)", error.Message);
        }

        [Theory]
        [InlineData("index.handler")]
        [InlineData("src/app.handler")]
        [InlineData("src/worker.handler")]
        [InlineData("src/app.nested.handler")]
        public void Node_handlers_whose_file_is_packaged_pass(string handler)
        {
            Assert.Null(HandlerCheck.Check(handler, "nodejs22.x", Node));
        }

        [Fact]
        public void A_missing_node_file_fails_with_candidates_outside_node_modules()
        {
            var error = Assert.Throws<AlonzoOperationException>(() => HandlerCheck.Check("app.handler", "nodejs20.x", Node));
            Assert.Equal("HandlerNotFound", error.ErrorId);
            Assert.Contains("'app.js' (or .mjs, .cjs)", error.Message);
            Assert.Contains("'src/app.js' (-Handler src/app.handler)", error.Message);
            Assert.DoesNotContain("node_modules", error.Message);
        }

        [Theory]
        [InlineData("java21", "example.Handler::handleRequest")]
        [InlineData("dotnet8", "Assembly::Namespace.Class::Method")]
        [InlineData("provided.al2023", "bootstrap")]
        [InlineData(null, "app.handler")]
        public void Other_runtimes_are_skipped_with_a_note(string runtime, string handler)
        {
            string note = HandlerCheck.Check(handler, runtime, Python);
            Assert.NotNull(note);
            Assert.Contains("not checked", note);
        }

        [Theory]
        [InlineData("python3.12", "nodot")]
        [InlineData("python3.12", "trailing.")]
        [InlineData("nodejs22.x", "src/noext")]
        public void Malformed_handlers_are_invalid_arguments(string runtime, string handler)
        {
            var error = Assert.Throws<AlonzoValidationException>(() => HandlerCheck.Check(handler, runtime, Python));
            Assert.Equal("InvalidHandler", error.ErrorId);
        }

        [Fact]
        public void The_builder_runs_the_check_on_the_planned_entries()
        {
            using var tree = new TempTree();
            tree.Write("src/handler.py", "def run(e, c): pass\n");
            var plan = new PackageBuilder(new PackageOptions { Handler = "src.handler.run", Runtime = "python3.12" }).Plan(new[] { tree.Root });
            Assert.Equal("src.handler.run", plan.Handler);
            var error = Assert.Throws<AlonzoOperationException>(() =>
                new PackageBuilder(new PackageOptions { Handler = "handler.run", Runtime = "python3.12" }).Plan(new[] { tree.Root }));
            Assert.Equal("HandlerNotFound", error.ErrorId);
            Assert.Contains("src.handler.run", error.Message);
        }
    }

    public sealed class PathFilterTests
    {
        [Theory]
        // pattern, path, isDirectory, excluded
        [InlineData("*.md", "README.md", false, true)]
        [InlineData("*.md", "docs/guide/x.md", false, true)]
        [InlineData("*.md", "x.mdx", false, false)]
        [InlineData("docs/", "docs", true, true)]
        [InlineData("docs/", "lib/docs", true, true)]
        [InlineData("docs/", "docs", false, false)]
        [InlineData("/docs", "docs", true, true)]
        [InlineData("/docs", "lib/docs", true, false)]
        [InlineData("tests/**", "tests/a/b.py", false, true)]
        [InlineData("tests/**", "lib/tests/b.py", false, false)]
        [InlineData("**/fixtures", "a/b/fixtures", true, true)]
        [InlineData("**/fixtures", "fixtures", true, true)]
        [InlineData("a/**/b", "a/b", true, true)]
        [InlineData("a/**/b", "a/x/y/b", true, true)]
        [InlineData("src/*.py", "src/a.py", false, true)]
        [InlineData("src/*.py", "src/sub/a.py", false, false)]
        [InlineData("file?.txt", "file1.txt", false, true)]
        [InlineData("file?.txt", "file10.txt", false, false)]
        [InlineData("[abc].js", "b.js", false, true)]
        [InlineData("[!abc].js", "b.js", false, false)]
        [InlineData("*.min.*", "lib/x.min.js", false, true)]
        [InlineData("a+b(1).txt", "a+b(1).txt", false, true)]
        [InlineData("# comment", "# comment", false, false)]
        public void Patterns_match_like_gitignore(string pattern, string path, bool isDirectory, bool excluded)
        {
            var filter = new PathFilter(new[] { pattern }, ignoreCase: false);
            Assert.Equal(excluded, filter.Match(path, isDirectory) != null);
        }

        [Fact]
        public void The_last_matching_pattern_wins_and_parents_count_for_listed_files()
        {
            var filter = new PathFilter(new[] { "*.md", "!README.md", "build/" }, ignoreCase: false);
            Assert.Null(filter.Match("README.md", false));
            Assert.Equal("*.md", filter.Match("CHANGES.md", false));
            Assert.Null(filter.Match("build/out.js", false));
            Assert.Equal("build/", filter.MatchWithParents("build/out.js", false));
            Assert.Equal("build/", filter.MatchWithParents("src/build/out.js", false));
        }
    }
}
