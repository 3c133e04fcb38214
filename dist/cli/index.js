#!/usr/bin/env node
import{W as e}from"./chunk-YRKZ7RWP.js";e(process.argv.slice(2)).then(o=>{process.exitCode=o});
