import{q as a}from"./chunk-WNUMTHUS.js";import"./chunk-VLSN7CPE.js";export{a as reactions};
