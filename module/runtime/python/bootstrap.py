"""Alonzo's local Lambda runtime for Python handlers.

Started by Invoke-AlonzoFunction -Local with the function's folder as working folder and the
environment Lambda gives a function. It loads the handler the way Lambda's Python runtime interface
client does, then runs one invocation per request read from standard input, until standard input
closes. Everything the handler prints (stdout, stderr, the logging module) and the runtime's own
log lines go to standard output, in order; the runtime's messages to Alonzo travel in the same
stream as frames that start with a record separator and a per-process token, so they cannot be
confused with the handler's output.

Requests (standard input):   I <request id> <deadline epoch ms> <trace id> <length>\\n<event bytes>
Frames (standard output):    \\x1e<token> <kind> <duration us> <length>\\n<payload bytes>
  kind R: ready (payload: {"version": "3.12.1"}); E: the handler could not be loaded (payload: the
  error); O: the handler returned (payload: the result); F: the invocation failed (payload: the error).
"""

import decimal
import importlib
import json
import logging
import math
import os
import sys
import time
import traceback

ERROR_LOG_IDENT = "\u00a0"  # Lambda indents stack trace lines in the log with no-break spaces
MARSHAL_ERROR = "Runtime.MarshalError"
UNMARSHAL_ERROR = "Runtime.UnmarshalError"
USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. "
    "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. "
    "For functions using managed runtimes, runtime updates can be triggered by a function change, or can be applied automatically. "
    "To determine if the runtime has been updated, check the runtime version in the INIT_START log entry. "
    "If this error correlates with a change in the runtime version, you may be able to mitigate this error by temporarily rolling back to the previous runtime version. "
    "For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html"
)

_request_id = None


class FaultException(Exception):
    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.msg = msg
        self.exception_type = exception_type
        self.trace = trace


class Channel(object):
    """The frames to Alonzo, written to the same descriptor as the log so that both keep their order."""

    def __init__(self, token):
        self.prefix = b"\x1e" + token.encode("ascii") + b" "

    def send(self, kind, payload, duration_us=0):
        if isinstance(payload, str):
            payload = payload.encode("utf-8", "surrogatepass")
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        data = self.prefix + ("%s %d %d\n" % (kind, duration_us, len(payload))).encode("ascii") + payload
        view = memoryview(data)
        while view:
            written = os.write(1, view)
            view = view[written:]


class Unbuffered(object):
    """Lambda's runtime makes stdout and stderr write through, so prints and log lines keep their order."""

    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, attr):
        return getattr(self.stream, attr)

    def write(self, msg):
        self.stream.write(msg)
        self.stream.flush()

    def writelines(self, msgs):
        self.stream.writelines(msgs)
        self.stream.flush()


class Encoder(json.JSONEncoder):
    def __init__(self):
        # As Lambda's marshaller: python3.12 writes non-ASCII text as it is, the others escape it.
        if os.environ.get("AWS_EXECUTION_ENV") in {"AWS_Lambda_python3.12"}:
            super().__init__(ensure_ascii=False)
        else:
            super().__init__()

    def default(self, obj):
        if isinstance(obj, decimal.Decimal):
            if obj.is_nan():
                return math.nan
            return int(obj) if obj == obj.to_integral_value() else float(obj)
        return super().default(obj)


def to_json(obj):
    return Encoder().encode(obj)


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]

    def __init__(self):
        self.cognito_identity_id = None
        self.cognito_identity_pool_id = None

    def __repr__(self):
        return "CognitoIdentity([cognito_identity_id=%s,cognito_identity_pool_id=%s])" % (
            self.cognito_identity_id, self.cognito_identity_pool_id)


class LambdaContext(object):
    def __init__(self, invoke_id, epoch_deadline_time_in_ms, invoked_function_arn):
        self.aws_request_id = invoke_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = None
        self.client_context = None
        self.identity = CognitoIdentity()
        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        delta_ms = self._epoch_deadline_time_in_ms - int(time.time() * 1000)
        return delta_ms if delta_ms > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        return (
            "LambdaContext([aws_request_id=%s,log_group_name=%s,log_stream_name=%s,function_name=%s,"
            "memory_limit_in_mb=%s,function_version=%s,invoked_function_arn=%s,client_context=%s,identity=%s,tenant_id=%s])"
            % (self.aws_request_id, self.log_group_name, self.log_stream_name, self.function_name,
               self.memory_limit_in_mb, self.function_version, self.invoked_function_arn,
               self.client_context, self.identity, self.tenant_id))


class LambdaLoggerHandler(logging.Handler):
    def emit(self, record):
        sys.stdout.write(self.format(record))


class LambdaLoggerFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id or ""
        record.tenant_id = None
        return True


def setup_logging():
    logging.Formatter.converter = time.gmtime
    handler = LambdaLoggerHandler()
    handler.setFormatter(logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(LambdaLoggerFilter())
    logger = logging.getLogger()
    level = (os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "").upper()
    if level in logging._nameToLevel:
        logger.setLevel(level)
    logger.addHandler(handler)


def make_error(error_message, error_type, stack_trace, invoke_id=None):
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": invoke_id if invoke_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def replace_line_indentation(line, indent_char, new_indent_char):
    count = 0
    for c in line:
        if c != indent_char:
            break
        count += 1
    return (new_indent_char * count) + line[count:]


def log_error(error_result):
    description = "[ERROR]"
    error_type = error_result.get("errorType")
    if error_type:
        description += " " + error_type
    message = error_result.get("errorMessage")
    if message:
        if error_type:
            description += ":"
        description += " " + message
    lines = [description]
    stack_trace = error_result.get("stackTrace")
    if stack_trace is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack_trace:
            if element == "":
                lines.append("")
            else:
                for trace_line in element.splitlines():
                    lines.append(replace_line_indentation(trace_line, " ", ERROR_LOG_IDENT))
    sys.stdout.write("\n".join(lines) + "\n")


def user_frames(tb):
    """The traceback without this runtime's own frames, as Lambda's runtime reports it."""
    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for i in range(len(frames)):
        if os.path.basename(frames[i][0]) != "bootstrap.py":
            return frames[i:]
    return frames


def get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(MALFORMED_HANDLER_NAME, "Bad handler '{}': {}".format(handler, str(e)))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(BUILT_IN_MODULE_CONFLICT, "Cannot use built-in module {} as a handler module".format(modname))
        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(IMPORT_MODULE_ERROR, "Unable to import module '{}': {}".format(modname, str(e)))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(USER_CODE_SYNTAX_ERROR, "Syntax error in module '{}': {}".format(modname, str(e)), trace)
    try:
        return getattr(module, fname)
    except AttributeError:
        raise FaultException(HANDLER_NOT_FOUND, "Handler '{}' missing on module '{}'".format(fname, modname))


def read_request(source):
    header = source.readline()
    if not header:
        return None
    kind, request_id, deadline, trace_id, length = header.decode("ascii").split()
    body = source.read(int(length))
    return request_id, int(deadline), trace_id, body


def handle(channel, request_handler, request_id, deadline, body, function_arn):
    started = time.perf_counter()
    error_result = None
    result = None
    try:
        context = LambdaContext(request_id, deadline, function_arn)
        try:
            event = json.loads(body)
        except Exception as e:
            raise FaultException(UNMARSHAL_ERROR, "Unable to unmarshal input: {}".format(str(e)))
        response = request_handler(event, context)
        if isinstance(response, bytes):
            result = response
        else:
            try:
                result = to_json(response)
            except Exception as e:
                raise FaultException(MARSHAL_ERROR, "Unable to marshal response: {}".format(str(e)))
    except FaultException as e:
        error_result = make_error(e.msg, e.exception_type, e.trace, request_id)
    except Exception:
        etype, value, tb = sys.exc_info()
        error_result = make_error(str(value), etype.__name__, traceback.format_list(user_frames(tb)), request_id)
    duration_us = int((time.perf_counter() - started) * 1000000)
    if error_result is not None:
        log_error(error_result)
        channel.send("F", to_json(error_result), duration_us)
    else:
        channel.send("O", result, duration_us)


def main():
    global _request_id
    channel = Channel(os.environ.pop("_ALONZO_CHANNEL"))
    function_arn = os.environ.pop("_ALONZO_FUNCTION_ARN", None)
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()

    # The requests arrive on standard input, which the handler must not see; the handler's stderr
    # joins its stdout so that the log keeps the order in which things were written.
    source = os.fdopen(os.dup(0), "rb")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(1, 2)
    sys.stdout = Unbuffered(sys.stdout)
    sys.stderr = Unbuffered(sys.stderr)

    # The function's folder comes first on the import path, as /var/task does on Lambda, and no
    # __pycache__ folders are written into it.
    sys.path[0] = task_root
    sys.dont_write_bytecode = True

    try:
        setup_logging()
        request_handler = get_handler(os.environ.get("_HANDLER", ""))
    except Exception as e:
        if isinstance(e, FaultException):
            error_result = make_error(e.msg, e.exception_type, e.trace)
        else:
            etype, value, tb = sys.exc_info()
            error_result = make_error(str(value), etype.__name__, traceback.format_list(user_frames(tb)))
        logging.warning(UNHANDLED_WARNING)
        log_error(error_result)
        channel.send("E", to_json(error_result))
        sys.exit(1)

    channel.send("R", json.dumps({"version": "%d.%d.%d" % sys.version_info[:3]}))
    while True:
        request = read_request(source)
        if request is None:
            return
        request_id, deadline, trace_id, body = request
        _request_id = request_id
        os.environ["_X_AMZN_TRACE_ID"] = trace_id
        handle(channel, request_handler, request_id, deadline, body, function_arn)


if __name__ == "__main__":
    main()
