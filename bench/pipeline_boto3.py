"""The article's pipeline deployed the simple way with boto3, for bench/pipeline.ps1 to compare with.

usage: pipeline_boto3.py ENDPOINT NAME HANDLER_DIR deploy|teardown

deploy: list streams and create the stream if missing (then wait until ACTIVE); get the role and
create it if missing; attach the managed policy; list functions and create the function, or upload
its code; list the mappings and create one if there is none. teardown: delete the mapping, the
function, the role (after detaching its policy) and the stream. Prints the seconds the work took
(boto3's client set-up excluded, as Alonzo's module import is).
"""
import io
import json
import os
import sys
import time
import zipfile

import boto3

POLICY = 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole'
TRUST = json.dumps({'Version': '2012-10-17', 'Statement': [
    {'Effect': 'Allow', 'Principal': {'Service': 'lambda.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]})


def package(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as z:
        for root, _, files in os.walk(folder):
            for f in sorted(files):
                path = os.path.join(root, f)
                z.write(path, os.path.relpath(path, folder))
    return buffer.getvalue()


def deploy(kinesis, iam, lam, name, folder):
    role_name = name + '_lambda'
    if name not in kinesis.list_streams()['StreamNames']:
        kinesis.create_stream(StreamName=name, ShardCount=1)
    kinesis.get_waiter('stream_exists').wait(StreamName=name, WaiterConfig={'Delay': 1})
    stream_arn = kinesis.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']['StreamARN']
    try:
        role_arn = iam.get_role(RoleName=role_name)['Role']['Arn']
    except iam.exceptions.NoSuchEntityException:
        role_arn = iam.create_role(RoleName=role_name, AssumeRolePolicyDocument=TRUST)['Role']['Arn']
    iam.attach_role_policy(RoleName=role_name, PolicyArn=POLICY)
    code = package(folder)
    names = [f['FunctionName'] for f in lam.list_functions()['Functions']]
    if name in names:
        lam.update_function_code(FunctionName=name, ZipFile=code)
    else:
        lam.create_function(FunctionName=name, Runtime='python3.12', Role=role_arn, Handler='lambda_function.lambda_handler',
                            Code={'ZipFile': code}, MemorySize=128, Timeout=3)
    lam.get_waiter('function_updated_v2').wait(FunctionName=name, WaiterConfig={'Delay': 1})
    if not lam.list_event_source_mappings(FunctionName=name, EventSourceArn=stream_arn)['EventSourceMappings']:
        lam.create_event_source_mapping(FunctionName=name, EventSourceArn=stream_arn, StartingPosition='LATEST', BatchSize=100)


def teardown(kinesis, iam, lam, name):
    for m in lam.list_event_source_mappings(FunctionName=name)['EventSourceMappings']:
        lam.delete_event_source_mapping(UUID=m['UUID'])
    lam.delete_function(FunctionName=name)
    iam.detach_role_policy(RoleName=name + '_lambda', PolicyArn=POLICY)
    iam.delete_role(RoleName=name + '_lambda')
    kinesis.delete_stream(StreamName=name)


def main():
    endpoint, name, folder, action = sys.argv[1:5]
    session = boto3.session.Session(aws_access_key_id='bench', aws_secret_access_key='bench', region_name='us-east-1')
    config = boto3.session.Config(retries={'max_attempts': 1, 'mode': 'standard'})
    kinesis, iam, lam = (session.client(s, endpoint_url=endpoint, config=config) for s in ('kinesis', 'iam', 'lambda'))
    started = time.perf_counter()
    if action == 'deploy':
        deploy(kinesis, iam, lam, name, folder)
    else:
        teardown(kinesis, iam, lam, name)
    print(f'{time.perf_counter() - started:.4f}')


if __name__ == '__main__':
    main()
