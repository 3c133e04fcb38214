import{o as a}from"./chunk-LGAQMOVO.js";import"./chunk-NF3YY6IT.js";export{a as reactions};
