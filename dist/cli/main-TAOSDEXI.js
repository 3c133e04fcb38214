import{f as a}from"./chunk-3OVX5MKB.js";import"./chunk-DARHYGY4.js";import"./chunk-IYWUY3VA.js";export{a as main};
