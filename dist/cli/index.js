#!/usr/bin/env node
import{I as e}from"./chunk-7S4XWZD4.js";e(process.argv.slice(2)).then(o=>{process.exitCode=o});
