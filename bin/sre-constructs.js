#!/usr/bin/env node
'use strict';
require('../build/cli/main.js').main();
