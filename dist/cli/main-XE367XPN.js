import{f as a}from"./chunk-WSPM35R4.js";import"./chunk-DARHYGY4.js";import"./chunk-IYWUY3VA.js";export{a as main};
