import base64
import json


def lambda_handler(event, context):
    """Decodes each Kinesis record and logs it; returns how many it processed."""
    records = event.get('Records', [])
    for record in records:
        payload = base64.b64decode(record['kinesis']['data']).decode('utf-8')
        print('Decoded payload: ' + payload)
    return 'Successfully processed {} records.'.format(len(records))
