import{f as a}from"./chunk-HT6ACILC.js";import"./chunk-DARHYGY4.js";import"./chunk-IYWUY3VA.js";export{a as main};
