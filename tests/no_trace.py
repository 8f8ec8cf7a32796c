#!/usr/bin/env python3
"""no_trace.py SECRET DIR... - fails when any file under the DIRs holds
SECRET raw, percent-encoded (either hex case, '+' for space), or base64
encoded (standard or URL-safe, alone or as the password of Basic auth);
and when no file says [MASKED], since then there was nothing to check."""
import base64, os, sys, urllib.parse

secret, dirs = sys.argv[1], sys.argv[2:]
forms = {secret, urllib.parse.quote(secret, safe=''),
         urllib.parse.quote(secret, safe='').lower(),
         urllib.parse.quote_plus(secret)}
for text in (secret, 'alice:' + secret):
    for enc in (base64.b64encode, base64.urlsafe_b64encode):
        forms.add(enc(text.encode()).decode().rstrip('='))
masked = bad = 0
for d in dirs:
    for root, _, files in os.walk(d):
        for f in files:
            path = os.path.join(root, f)
            data = open(path, 'rb').read().decode('latin-1')
            masked += '[MASKED]' in data
            for form in forms:
                if form.lower() in data.lower() if '%' in form else form in data:
                    print(f'{path}: holds the secret as {form!r}')
                    bad += 1
if not masked:
    print('no output says [MASKED]: the secret never reached an output')
    bad += 1
sys.exit(1 if bad else 0)
